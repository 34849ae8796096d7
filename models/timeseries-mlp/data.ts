// The data of the bundled timeseries-mlp model: the training parts of the 87 reference series (their
// held-out test windows are never read here) plus a few more real series from R's datasets package,
// cut into training windows by @strata/timeseries's own windowing code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { maseScale, modelTargets, prepareHistory, type WindowedForecasterSpec } from '@strata/timeseries';
import { referenceSeries, type ReferenceSeries } from '@strata/timeseries/testing';

/** The contract the model is trained for (written to its manifest by finish.ts). */
export const SPEC = {
  context: 64,
  horizon: 24,
  minLength: 3,
  scaling: 'standard',
  seasonality: 'classical',
  quantiles: [0.025, 0.1, 0.5, 0.9, 0.975],
} as const satisfies Partial<WindowedForecasterSpec>;

/** Most training windows taken from one series, so the few long series do not swamp the rest. */
const MAX_WINDOWS = 300;

/** A real series available for training: the values the model may learn from, and nothing after. */
export interface TrainingSeries {
  readonly name: string;
  readonly period: number;
  readonly values: Float64Array;
}

/** The training parts of the 87 reference series. */
export function referenceTraining(): TrainingSeries[] {
  return referenceSeries().map((r) => ({ name: r.name, period: r.period, values: r.train }));
}

/**
 * The reference series that have a validation window: the last h training values, forecast from the
 * values before them, which must be more than a season (or seasonal naive and the MASE scale have
 * nothing to work with; fma_beer and fma_plastics have not).
 */
export function validationSeries(): ReferenceSeries[] {
  return referenceSeries().filter((r) => r.train.length - r.h > r.period + 1);
}

/** The extra R datasets series (r-datasets.csv, made by r-datasets.R). */
export function rDatasets(): TrainingSeries[] {
  const file = fileURLToPath(new URL('r-datasets.csv', import.meta.url));
  const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
  return rows.map((row) => {
    const [name, , period, , values] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { name: name!, period: Number(period), values: Float64Array.from(values!.split(' '), Number) };
  });
}

/** Training windows: model inputs, targets (NaN beyond the data) and MASE weights, row by row. */
export interface Windows {
  readonly rows: number;
  readonly input: Float32Array;
  readonly mask: Float32Array;
  readonly target: Float32Array;
  /**
   * Scale of the window over the in-sample seasonal naive error of its history: a loss in model units
   * times this is the loss in MASE units, so training weighs series as the metric does.
   */
  readonly weight: Float32Array;
  /** Index of the series of each row. */
  readonly series: Int32Array;
}

/** Forecast origins of a series of `n` usable values: up to MAX_WINDOWS, evenly spread, the last included. */
function originsOf(n: number): number[] {
  const first = SPEC.minLength;
  const count = Math.min(MAX_WINDOWS, n - first);
  if (count <= 0) return [];
  if (count === 1) return [n - 1];
  return Array.from({ length: count }, (_, i) => Math.round(first + ((n - 1 - first) * i) / (count - 1)));
}

/**
 * Windows of each series that end by `end(s)` values (inputs and targets alike), `targets` steps of
 * target each (the rest NaN, masked in the loss). With `origin`, one window per series at that origin.
 */
export function windows(
  series: readonly TrainingSeries[],
  options: {
    end: (s: TrainingSeries, i: number) => number;
    origin?: (s: TrainingSeries, i: number) => number;
    targets?: (s: TrainingSeries, i: number) => number;
  },
): Windows {
  const { context, horizon } = SPEC;
  const rows: {
    input: Float32Array;
    mask: Float32Array;
    target: Float32Array;
    weight: number;
    series: number;
  }[] = [];
  series.forEach((s, i) => {
    const end = options.end(s, i);
    const origins = options.origin ? [options.origin(s, i)] : originsOf(end);
    const steps = Math.min(options.targets?.(s, i) ?? horizon, horizon);
    for (const t of origins) {
      const history = s.values.subarray(0, t);
      const prepared = prepareHistory(history, s.period, SPEC);
      const target = new Float32Array(horizon).fill(NaN);
      target.set(modelTargets(s.values.subarray(t, Math.min(t + steps, end)), prepared));
      const naive = history.length > s.period ? maseScale(history, s.period) : NaN;
      const weight = naive > 0 ? prepared.window.scale / naive : 1;
      rows.push({ ...prepared.window, target, weight, series: i });
    }
  });
  const pack = (pick: (r: (typeof rows)[number]) => Float32Array, width: number) => {
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, k) => out.set(pick(r), k * width));
    return out;
  };
  return {
    rows: rows.length,
    input: pack((r) => r.input, context),
    mask: pack((r) => r.mask, context),
    target: pack((r) => r.target, horizon),
    weight: Float32Array.from(rows, (r) => r.weight),
    series: Int32Array.from(rows, (r) => r.series),
  };
}
