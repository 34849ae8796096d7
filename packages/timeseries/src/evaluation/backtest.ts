import { coverage, mae, mase, maseScale, msis, rmse, smape } from '../metrics/metrics.js';
import type { Forecast, ForecastOptions, Interval } from '../models/forecast.js';
import type { Series } from '../series/series.js';
import { DEFAULT_BACKTEST_WINDOWS, planBacktest } from './backtest-windows.js';

/** Any forecaster: a series and a horizon in, forecasts out (`naive`, `theta`, an ONNX model's adapter). */
export type Forecaster = (s: Series, options: ForecastOptions) => Forecast;

/**
 * A forecaster whose forecasts arrive later, such as a neural model on the ONNX runner
 * (`NeuralForecaster.forecaster`). {@link backtest} and {@link conformal} take one and return promises.
 *
 * @example
 * ```ts
 * const later: AsyncForecaster = async (s, options) => (await model.forecastMany([s], options))[0]!;
 * ```
 */
export type AsyncForecaster = (s: Series, options: ForecastOptions) => Promise<Forecast>;

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Steps forecast from each origin. */
  readonly h: number;
  /**
   * Number of forecast origins, the last ending with the series; too many for the series is
   * `SERIES_TOO_SHORT` (see {@link planBacktest} for windows that fit). @defaultValue `3`
   */
  readonly windows?: number;
  /** Steps between origins. @defaultValue `h` */
  readonly step?: number;
  /** Interval levels in percent. @defaultValue `[80, 95]` */
  readonly levels?: readonly number[];
}

/** One origin of a backtest: the training length, what happened and what was forecast. */
export interface BacktestWindow {
  /** Values before the origin (the training data of this window). */
  readonly cutoff: number;
  readonly actual: Float64Array;
  readonly forecast: Forecast;
}

/** The metrics of a backtest, averaged over its windows. */
export interface BacktestMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly smape: number;
  /** MASE scaled by each window's own training data. */
  readonly mase: number;
  /** MSIS of the widest interval. */
  readonly msis: number;
  /** Coverage of each interval level, by level. */
  readonly coverage: Readonly<Record<number, number>>;
}

/**
 * {@link BacktestMetrics} with each one that is not finite (NaN, ±Infinity: MASE of a constant
 * history) as null, as JSON and Arrow columns carry them; coverage keyed by the level as text.
 */
export interface FiniteMetrics {
  readonly mae: number | null;
  readonly rmse: number | null;
  readonly smape: number | null;
  readonly mase: number | null;
  readonly msis: number | null;
  readonly coverage: Readonly<Record<string, number | null>>;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * A backtest's metrics as JSON or a table holds them: the one conversion the backtest route's
 * answer and the backtest job's rows share (see {@link FiniteMetrics}).
 *
 * @example
 * ```ts
 * finiteMetrics(backtest(flat, snaive, { h: 3 }).metrics).mase; // null: a constant history has no scale
 * ```
 */
export function finiteMetrics(m: BacktestMetrics): FiniteMetrics {
  return {
    mae: finite(m.mae),
    rmse: finite(m.rmse),
    smape: finite(m.smape),
    mase: finite(m.mase),
    msis: finite(m.msis),
    coverage: Object.fromEntries(Object.entries(m.coverage).map(([level, v]) => [level, finite(v)])),
  };
}

/**
 * The windows of a backtest and their averaged metrics.
 *
 * @example
 * ```ts
 * const { windows, metrics }: BacktestResult = backtest(air, theta, { h: 12 });
 * ```
 */
export interface BacktestResult {
  readonly windows: BacktestWindow[];
  readonly metrics: BacktestMetrics;
}

/**
 * A rolling-origin backtest: the forecaster is refitted at each origin on the data before it and
 * scored on the h values after it. The last window ends with the series; earlier ones step back by
 * `step`. With a synchronous forecaster the result is returned; with an {@link AsyncForecaster} it is
 * a promise, the windows forecast concurrently (so a batching model can run them together).
 *
 * @example
 * ```ts
 * const { metrics } = backtest(air, theta, { h: 12, windows: 4 });
 * const neural = await backtest(air, model.forecaster, { h: 12, windows: 4 }); // a NeuralForecaster
 * ```
 */
export function backtest(s: Series, forecaster: Forecaster, options: BacktestOptions): BacktestResult;
export function backtest(
  s: Series,
  forecaster: AsyncForecaster,
  options: BacktestOptions,
): Promise<BacktestResult>;
export function backtest(
  s: Series,
  forecaster: Forecaster | AsyncForecaster,
  options: BacktestOptions,
): BacktestResult | Promise<BacktestResult>;
export function backtest(
  s: Series,
  forecaster: Forecaster | AsyncForecaster,
  options: BacktestOptions,
): BacktestResult | Promise<BacktestResult> {
  const cutoffs = origins(s, options);
  const request = { h: options.h, ...(options.levels ? { levels: options.levels } : {}) };
  const forecasts = cutoffs.map((cutoff) =>
    forecaster({ id: s.id, values: s.values.subarray(0, cutoff), period: s.period }, request),
  );
  return whenAll(forecasts, (done) =>
    score(
      s,
      done.map((forecast, w) => ({
        cutoff: cutoffs[w]!,
        actual: s.values.slice(cutoffs[w]!, cutoffs[w]! + options.h),
        forecast,
      })),
    ),
  );
}

/**
 * Applies `then` to the values at once when none is a promise, else once they have all resolved: the
 * one place where a sync and an async forecaster part ways, so both share every other line.
 */
function whenAll<T, R>(values: readonly (T | PromiseLike<T>)[], then: (values: T[]) => R): R | Promise<R> {
  const pending = (v: T | PromiseLike<T>): v is PromiseLike<T> =>
    typeof (v as { then?: unknown } | null)?.then === 'function';
  return values.some(pending) ? Promise.all(values).then(then) : then(values as T[]);
}

/** The training lengths of the windows of a backtest, checked against the series. */
function origins(s: Series, options: BacktestOptions): number[] {
  const shape = { id: s.id, length: s.values.length, period: s.period };
  const windows = options.windows ?? DEFAULT_BACKTEST_WINDOWS;
  const { h, step } = planBacktest(shape, { ...options, windows });
  const first = shape.length - h - (windows - 1) * step;
  return Array.from({ length: windows }, (_, w) => first + w * step);
}

/** The metrics of a backtest's windows. */
function score(s: Series, windows: BacktestWindow[]): BacktestResult {
  const avg = (f: (w: BacktestWindow) => number) => windows.reduce((a, w) => a + f(w), 0) / windows.length;
  const widest = (w: BacktestWindow): Interval | undefined =>
    [...w.forecast.intervals].sort((a, b) => b.level - a.level)[0];
  const scaleOf = (w: BacktestWindow) => maseScale(s.values.subarray(0, w.cutoff), s.period);
  const levels = windows[0]!.forecast.intervals.map((i) => i.level);
  return {
    windows,
    metrics: {
      mae: avg((w) => mae(w.actual, w.forecast.mean)),
      rmse: avg((w) => rmse(w.actual, w.forecast.mean)),
      smape: avg((w) => smape(w.actual, w.forecast.mean)),
      mase: avg((w) => mase(w.actual, w.forecast.mean, scaleOf(w))),
      msis: widest(windows[0]!) ? avg((w) => msis(w.actual, widest(w)!, scaleOf(w))) : NaN,
      coverage: Object.fromEntries(
        levels.map((level) => [
          level,
          avg((w) =>
            coverage(
              w.actual,
              w.forecast.intervals.find((i) => i.level === level)!,
            ),
          ),
        ]),
      ),
    },
  };
}

/**
 * Conformal prediction intervals for any forecaster: at each step ahead, the interval is the point
 * forecast ± the empirical quantile of the absolute errors that step made over the backtest windows
 * (split conformal, with the finite-sample correction ⌈(k + 1)·level⌉ of k scores). A promise for an
 * {@link AsyncForecaster}, as {@link backtest}.
 *
 * @example
 * ```ts
 * const f = conformal(air, theta, { h: 12, windows: 10 }); // theta's forecasts, conformal intervals
 * ```
 */
export function conformal(s: Series, forecaster: Forecaster, options: BacktestOptions): Forecast;
export function conformal(
  s: Series,
  forecaster: AsyncForecaster,
  options: BacktestOptions,
): Promise<Forecast>;
export function conformal(
  s: Series,
  forecaster: Forecaster | AsyncForecaster,
  options: BacktestOptions,
): Forecast | Promise<Forecast>;
export function conformal(
  s: Series,
  forecaster: Forecaster | AsyncForecaster,
  options: BacktestOptions,
): Forecast | Promise<Forecast> {
  const levels = options.levels ?? [80, 95];
  const run = backtest(s, forecaster, { ...options, step: options.step ?? 1, levels });
  const final = forecaster(s, { h: options.h, levels });
  // One list of two kinds of value, so both settle together, synchronously or not.
  return whenAll<BacktestResult | Forecast, Forecast>([run, final], ([r, f]) =>
    conformalIntervals((r as BacktestResult).windows, f as Forecast, options.h, levels),
  );
}

function conformalIntervals(
  windows: readonly BacktestWindow[],
  final: Forecast,
  h: number,
  levels: readonly number[],
): Forecast {
  const k = windows.length;
  const intervals = levels.map((level) => {
    const half = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const scores = windows.map((w) => Math.abs(w.actual[i]! - w.forecast.mean[i]!)).sort((a, b) => a - b);
      const rank = Math.ceil(((k + 1) * level) / 100);
      half[i] = rank > k ? Infinity : scores[rank - 1]!;
    }
    return {
      level,
      lower: final.mean.map((m, i) => m - half[i]!),
      upper: final.mean.map((m, i) => m + half[i]!),
    };
  });
  return { ...final, model: `${final.model} (conformal)`, intervals };
}
