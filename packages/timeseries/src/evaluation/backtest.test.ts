import { describe, expect, it } from 'vitest';
import { mae, maseScale } from '../metrics/metrics.js';
import { naive, seasonalNaive } from '../models/baselines.js';
import { theta } from '../models/theta.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { backtest, conformal, finiteMetrics, type AsyncForecaster } from './backtest.js';

const air = (() => {
  const ref = referenceSeries().find((r) => r.name === 'AirPassengers')!;
  return series(ref.name, [...ref.train, ...ref.test], { period: 12 });
})();

describe('backtests', () => {
  it('give metrics that are not finite as null for JSON and tables, the others as they are', () => {
    const flat = series('flat', Array<number>(30).fill(5));
    const { metrics } = backtest(flat, naive, { h: 3 });
    expect(metrics.mase).toBeNaN(); // no error over a history of no change
    expect(finiteMetrics(metrics)).toEqual({
      mae: 0,
      rmse: 0,
      smape: 0,
      mase: null,
      msis: null,
      coverage: { '80': 1, '95': 1 },
    });
    const odd = { ...metrics, mae: Infinity, coverage: { 80: Number.NaN } };
    expect(finiteMetrics(odd)).toMatchObject({ mae: null, coverage: { '80': null } });
  });

  it('refit at each rolling origin and average the metrics of the windows', () => {
    const { windows, metrics } = backtest(air, seasonalNaive, { h: 12, windows: 3 });
    expect(windows.map((w) => w.cutoff)).toEqual([108, 120, 132]);
    // The seasonal naive forecast of a window is the year before its origin.
    expect(Array.from(windows[2]!.forecast.mean)).toEqual(Array.from(air.values.slice(120, 132)));
    const maes = windows.map((w) =>
      mae(air.values.slice(w.cutoff, w.cutoff + 12), air.values.slice(w.cutoff - 12, w.cutoff)),
    );
    expect(metrics.mae).toBeCloseTo((maes[0]! + maes[1]! + maes[2]!) / 3, 12);
    const mases = windows.map((w, i) => maes[i]! / maseScale(air.values.subarray(0, w.cutoff), 12));
    expect(metrics.mase).toBeCloseTo((mases[0]! + mases[1]! + mases[2]!) / 3, 12);
    expect(Object.keys(metrics.coverage)).toEqual(['80', '95']);
    // Theta beats the seasonal naive method on this series, as on the held-out part.
    expect(backtest(air, theta, { h: 12, windows: 3 }).metrics.mase).toBeLessThan(metrics.mase);
  });

  it('refuse too many windows for the series, naming it', () => {
    expect(() => backtest(air, naive, { h: 24, windows: 10 })).toThrow(
      /series "AirPassengers" has 144 values: too few/,
    );
    expect(() => backtest(air, naive, { h: 0 })).toThrow(/h must be a whole number >= 1/);
  });

  it('give conformal intervals from the absolute errors of each step over the windows', () => {
    const f = conformal(air, naive, { h: 3, windows: 19, levels: [80] });
    const { windows } = backtest(air, naive, { h: 3, windows: 19, step: 1 });
    const scores = windows.map((w) => Math.abs(w.actual[1]! - w.forecast.mean[1]!)).sort((a, b) => a - b);
    // ⌈(19 + 1) · 0.8⌉ = 16th smallest score
    expect(f.intervals[0]!.upper[1]! - f.mean[1]!).toBe(scores[15]);
    expect(f.model).toBe('naive (conformal)');
    expect(Array.from(f.mean)).toEqual(Array.from(naive(air, { h: 3 }).mean));
  });

  it('take an async forecaster (a neural model) and resolve to the same windows and metrics', async () => {
    const later: AsyncForecaster = async (s, options) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return seasonalNaive(s, options);
    };
    const sync = backtest(air, seasonalNaive, { h: 12, windows: 3 });
    const pending = backtest(air, later, { h: 12, windows: 3 });
    expect(pending).toBeInstanceOf(Promise);
    const result = await pending;
    expect(result.metrics).toEqual(sync.metrics);
    expect(result.windows.map((w) => w.cutoff)).toEqual([108, 120, 132]);
    expect(await conformal(air, later, { h: 3, windows: 19, levels: [80] })).toEqual(
      conformal(air, seasonalNaive, { h: 3, windows: 19, levels: [80] }),
    );
    // Argument errors are thrown at once, before any forecast is asked for.
    expect(() => backtest(air, later, { h: 0 })).toThrow(/h must be a whole number >= 1/);
  });
});
