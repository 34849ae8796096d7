import { rescaled, restored } from '../models/guarded.js';
import { checkFinite } from '../models/inputs.js';
import {
  checkSignature,
  DeadlineError,
  InvalidArgumentError,
  throwIfAborted,
  type ModelManifest,
  type ModelSession,
  type TensorMap,
} from '@strata/core';
import { SeriesError } from '../errors.js';
import type { AsyncForecaster } from '../evaluation/backtest.js';
import type { Forecast, ForecastOptions, Interval } from '../models/forecast.js';
import type { Series } from '../series/series.js';
import { intervalLevels, windowedForecasterSpec, type WindowedForecasterSpec } from './contract.js';
import {
  applySeasonal,
  contextWindow,
  fromModelSpace,
  prepareHistory,
  type PreparedHistory,
} from './windows.js';

/**
 * Options of a neural forecast.
 *
 * @example
 * ```ts
 * await model.forecast(air, { h: 36, levels: [80], signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface NeuralForecastOptions extends ForecastOptions {
  /**
   * Interval levels in percent; each must be one the model's quantiles give (see `intervalLevels`).
   * @defaultValue every level the model gives (none for a point model)
   */
  readonly levels?: readonly number[];
}

/**
 * Options of a {@link NeuralForecaster}.
 *
 * @example
 * ```ts
 * const model = new NeuralForecaster(manifest, session, { batchSize: 256 });
 * ```
 */
export interface NeuralForecasterOptions {
  /** Most series in one run of the model; more are run in chunks of this size. @defaultValue `1024` */
  readonly batchSize?: number;
  /**
   * Whether {@link NeuralForecaster.dispose} releases the session: true for a session made for this
   * forecaster alone, false for one a registry shares (the registry releases it).
   * @defaultValue `false`
   */
  readonly ownsSession?: boolean;
}

/**
 * Where {@link NeuralForecaster.fromRegistry} gets a model: core's `ModelRegistry`, or anything with its
 * two methods.
 *
 * @example
 * ```ts
 * const provider: ModelProvider = await ModelRegistry.open('models', { backend: createOrtBackend() });
 * ```
 */
export interface ModelProvider {
  manifest(id: string): ModelManifest;
  session(id: string): Promise<ModelSession>;
}

/** One series on its way through the model: prepared history, adjusted path so far, quantile paths. */
interface Path {
  readonly prepared: PreparedHistory;
  /** Adjusted history, extended by the median of each finished run (the roll-forward). */
  history: number[];
  /** Forecasts in adjusted units: one array per quantile (one in all for a point model). */
  readonly out: number[][];
}

/**
 * A windowed neural forecaster on the core ONNX runner: a model whose manifest follows the contract of
 * `windowedForecasterSpec` (a scaled context window in; the next `horizon` steps out as points or
 * quantiles). Many series are forecast in one batched run. The point forecast is the point output or
 * the median; intervals come from the symmetric quantile pairs (0.1/0.9 → 80%, 0.025/0.975 → 95%).
 *
 * Horizons beyond the model's own are rolled forward: the median of each run is appended to the
 * adjusted history and the model runs again from the new origin. Intervals of rolled steps are
 * conditional on that median path (the uncertainty of the earlier steps is not added), so read them as
 * too narrow. Series shorter than the context are left-padded (see `contextWindow`); shorter than the
 * model's `minLength`, they are refused with `SERIES_TOO_SHORT`.
 *
 * `fitted` is all NaN (a windowed model has no in-sample one-step fit) and `sigma2` is NaN.
 *
 * @example
 * ```ts
 * const registry = await ModelRegistry.open('models', { backend: createOrtBackend() });
 * const model = await NeuralForecaster.fromRegistry(registry, 'timeseries-mlp');
 * const f = await model.forecast(series('AirPassengers', values, { period: 12 }), { h: 24 });
 * f.mean; f.intervals; // 80% and 95% from the model's quantiles
 * const { metrics } = await backtest(air, model.forecaster, { h: 12, windows: 3 });
 * ```
 */
export class NeuralForecaster {
  /** The model's contract, read from its manifest. */
  readonly spec: WindowedForecasterSpec;
  /** Interval levels the model gives, ascending, with the quantile indices of their bounds. */
  readonly levels: readonly { level: number; lower: number; upper: number }[];
  private readonly batchSize: number;
  private readonly ownsSession: boolean;

  /**
   * Checks the manifest against the contract and the session's tensors against the manifest.
   * Throws `MANIFEST_INVALID` or `MODEL_SIGNATURE_MISMATCH`.
   */
  constructor(
    readonly manifest: ModelManifest,
    private readonly session: ModelSession,
    options: NeuralForecasterOptions = {},
  ) {
    this.spec = windowedForecasterSpec(manifest);
    checkSignature(manifest.id, 'inputs', manifest.inputs, session.inputs);
    checkSignature(manifest.id, 'outputs', manifest.outputs, session.outputs);
    this.levels = this.spec.quantiles ? intervalLevels(this.spec.quantiles) : [];
    this.batchSize = options.batchSize ?? 1024;
    this.ownsSession = options.ownsSession ?? false;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new InvalidArgumentError(
        'batchSize',
        `batchSize must be a whole number >= 1, got ${this.batchSize}`,
      );
  }

  /** The forecaster of a model in a registry (hash-checked, signature-checked, warmed up by it). */
  static async fromRegistry(
    registry: ModelProvider,
    id: string,
    options: NeuralForecasterOptions = {},
  ): Promise<NeuralForecaster> {
    return new NeuralForecaster(registry.manifest(id), await registry.session(id), options);
  }

  /** Releases the session if this forecaster owns it (see `ownsSession`); otherwise does nothing. */
  async dispose(): Promise<void> {
    if (this.ownsSession) await this.session.dispose();
  }

  /** This model as a forecaster for `backtest` and `conformal` (which then return promises). */
  readonly forecaster: AsyncForecaster = (s, options) => this.forecast(s, options);

  /** Forecasts of one series. */
  async forecast(s: Series, options: NeuralForecastOptions): Promise<Forecast> {
    return (await this.forecastMany([s], options))[0]!;
  }

  /**
   * Forecasts of many series, batched: one run of the model per roll-forward step (and per `batchSize`
   * series). Forecasts that are not finite in a series' units are `SERIES_OVERFLOW` naming it.
   */
  async forecastMany(series: readonly Series[], options: NeuralForecastOptions): Promise<Forecast[]> {
    const { h, levels } = this.request(options);
    // Series past 1e±100 go through the model divided by a power of two, as the statistical forecasters do.
    const scaled = series.map(rescaled);
    const paths = scaled.map((s) => this.prepare(s.series));
    for (let done = 0; done < h; done += this.spec.horizon) {
      for (let start = 0; start < paths.length; start += this.batchSize) {
        throwIfAborted(options.signal);
        if (options.deadline !== undefined && Date.now() >= options.deadline)
          throw new DeadlineError(options.deadline);
        await this.roll(paths.slice(start, start + this.batchSize), h - done, options.signal);
      }
    }
    return paths.map((p, i) =>
      restored(series[i]!, this.toForecast(p, series[i]!.values.length, levels), scaled[i]!.exponent),
    );
  }

  private request(options: NeuralForecastOptions): { h: number; levels: readonly number[] } {
    const { h } = options;
    if (!Number.isInteger(h) || h < 1)
      throw new InvalidArgumentError('h', `the horizon must be a whole number >= 1, got ${h}`, { value: h });
    const known = this.levels.map((l) => l.level);
    const levels = options.levels ?? known;
    for (const l of levels)
      if (!known.includes(l))
        throw new InvalidArgumentError(
          'levels',
          `model "${this.spec.id}" gives intervals at levels ${known.join(', ') || 'none (a point model)'}, not ${l}`,
          { value: l },
        );
    return { h, levels };
  }

  private prepare(s: Series): Path {
    const { minLength, context } = this.spec;
    if (s.values.length < minLength)
      throw new SeriesError(
        'SERIES_TOO_SHORT',
        `series "${s.id}" has ${s.values.length} values; model "${this.spec.id}" needs at least ${minLength} (it reads ${context}, left-padding shorter series)`,
        { context: { series: s.id } },
      );
    checkFinite(s);
    const prepared = prepareHistory(s.values, s.period, this.spec);
    const width = this.spec.quantiles?.length ?? 1;
    // Only the last `context` values are ever read again (a shorter history is kept whole, to be padded).
    const history = Array.from(prepared.adjusted.subarray(-context));
    return { prepared, history, out: Array.from({ length: width }, () => []) };
  }

  /** One run for a batch of paths: appends up to `remaining` steps to each. */
  private async roll(paths: Path[], remaining: number, signal: AbortSignal | undefined): Promise<void> {
    const { context, horizon, input, mask, output } = this.spec;
    const windows = paths.map((p) => contextWindow(p.history, this.spec));
    const batch = paths.length;
    const x = new Float32Array(batch * context);
    const m = new Float32Array(batch * context);
    windows.forEach((w, i) => (x.set(w.input, i * context), m.set(w.mask, i * context)));
    const feeds: TensorMap = { [input]: { dtype: 'float32', dims: [batch, context], data: x } };
    if (mask) feeds[mask] = { dtype: 'float32', dims: [batch, context], data: m };
    const result = await this.session.run(feeds, signal ? { signal } : {});
    const data = result[output]!.data as Float32Array;
    const width = this.spec.quantiles?.length ?? 1;
    const median = this.spec.quantiles ? this.spec.quantiles.indexOf(0.5) : 0;
    const steps = Math.min(horizon, remaining);
    paths.forEach((p, i) => {
      for (let q = 0; q < width; q++) {
        const z = Array.from({ length: steps }, (_, k) => data[(i * horizon + k) * width + q]!);
        p.out[q]!.push(...fromModelSpace(z, windows[i]!));
      }
      p.history.push(...p.out[median]!.slice(-steps));
    });
  }

  private toForecast(p: Path, n: number, levels: readonly number[]): Forecast {
    // Seasonality back on, from the origin on; then each step's quantiles in order, in case they cross.
    const paths = p.out.map((o) => applySeasonal(o, p.prepared.adjustment, n, -1));
    const h = paths[0]!.length;
    for (let k = 0; k < h; k++) {
      const sorted = paths.map((q) => q[k]!).sort((a, b) => a - b);
      paths.forEach((q, j) => (q[k] = sorted[j]!));
    }
    const median = this.spec.quantiles ? this.spec.quantiles.indexOf(0.5) : 0;
    const intervals: Interval[] = this.levels
      .filter((l) => levels.includes(l.level))
      .map((l) => ({ level: l.level, lower: paths[l.lower]!, upper: paths[l.upper]! }));
    return {
      model: this.spec.id,
      mean: paths[median]!,
      intervals,
      fitted: new Float64Array(n).fill(NaN),
      sigma2: NaN,
    };
  }
}
