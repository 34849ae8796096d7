import { InvalidArgumentError } from '@strata/core';
import { SeriesError } from '../errors.js';
import { coverage, mae, mase, maseScale, msis, rmse, smape } from '../metrics/metrics.js';
import type { Forecast, ForecastOptions, Interval } from '../models/forecast.js';
import type { Series } from '../series/series.js';

/** Any forecaster: a series and a horizon in, forecasts out (`naive`, `theta`, an ONNX model's adapter). */
export type Forecaster = (s: Series, options: ForecastOptions) => Forecast;

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Steps forecast from each origin. */
  readonly h: number;
  /** Number of forecast origins, the last ending with the series. @defaultValue `3` */
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
 * A rolling-origin backtest: the forecaster is refitted at each origin on the data before it and
 * scored on the h values after it. The last window ends with the series; earlier ones step back by
 * `step`.
 *
 * @example
 * ```ts
 * const { metrics } = backtest(air, theta, { h: 12, windows: 4 });
 * ```
 */
export function backtest(
  s: Series,
  forecaster: Forecaster,
  options: BacktestOptions,
): { windows: BacktestWindow[]; metrics: BacktestMetrics } {
  const { h } = options;
  const count = options.windows ?? 3;
  const step = options.step ?? h;
  for (const [name, v] of [
    ['h', h],
    ['windows', count],
    ['step', step],
  ] as const)
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(name, `${name} must be a whole number >= 1, got ${v}`, { value: v });
  const n = s.values.length;
  const first = n - h - (count - 1) * step;
  if (first < Math.max(2, s.period + 1))
    throw new SeriesError(
      'SERIES_TOO_SHORT',
      `series "${s.id}" has ${n} values: too few for ${count} windows of ${h} steps, ${step} apart`,
      { context: { series: s.id } },
    );
  const windows: BacktestWindow[] = [];
  for (let w = 0; w < count; w++) {
    const cutoff = first + w * step;
    const train: Series = { id: s.id, values: s.values.subarray(0, cutoff), period: s.period };
    const forecast = forecaster(train, { h, ...(options.levels ? { levels: options.levels } : {}) });
    windows.push({ cutoff, actual: s.values.slice(cutoff, cutoff + h), forecast });
  }
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
 * (split conformal, with the finite-sample correction ⌈(k + 1)·level⌉ of k scores).
 *
 * @example
 * ```ts
 * const f = conformal(air, theta, { h: 12, windows: 10 }); // theta's forecasts, conformal intervals
 * ```
 */
export function conformal(s: Series, forecaster: Forecaster, options: BacktestOptions): Forecast {
  const levels = options.levels ?? [80, 95];
  const { windows } = backtest(s, forecaster, { ...options, step: options.step ?? 1, levels });
  const final = forecaster(s, { h: options.h, levels });
  const k = windows.length;
  const intervals = levels.map((level) => {
    const half = new Float64Array(options.h);
    for (let i = 0; i < options.h; i++) {
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
