import { describe, expect, it } from 'vitest';
import { backtest } from '../evaluation/backtest.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { autoForecast } from './auto.js';
import { seasonalNaive } from './baselines.js';
import { theta } from './theta.js';

describe('auto: the family with the lowest backtest MASE', () => {
  const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;
  const s = series('air', air.train, { period: 12 });

  it('reports every candidate score and forecasts with the best one', () => {
    const f = autoForecast(s, { h: 12, candidates: ['theta', 'snaive'] });
    const scores = {
      theta: backtest(s, theta, { h: 12, windows: 2 }).metrics.mase,
      snaive: backtest(s, seasonalNaive, { h: 12, windows: 2 }).metrics.mase,
    };
    expect(f.auto.scores).toEqual(scores);
    const best = scores.theta < scores.snaive ? 'theta' : 'snaive';
    expect(f.auto.chosen).toBe(best);
    expect(f.model).toBe(best);
    expect(f.auto.reason).toMatch(/^lowest backtest MASE over 2 windows of 12: /);
    expect(f.mean).toHaveLength(12);
  });

  it('falls back to ETS, and says so, when the series is too short to backtest', () => {
    const f = autoForecast(series('short', [3, 5, 4, 6, 5, 7, 6, 8]), { h: 4 });
    expect(f.auto.chosen).toBe('ets');
    expect(f.auto.reason).toMatch(/too short to backtest/);
  });
});
