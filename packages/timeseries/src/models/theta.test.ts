import { describe, expect, it } from 'vitest';
import { mase, maseScale, smape } from '../metrics/metrics.js';
import { series } from '../series/series.js';
import { referenceForecasts, referenceMetrics, referenceSeries } from '../testing/reference.js';
import { theta } from './theta.js';

describe('Theta against R forecast 8.20 (thetaf) on the 87 reference series', () => {
  const forecasts = referenceForecasts();
  const metrics = referenceMetrics();
  const rows = referenceSeries().map((ref) => {
    const f = theta(series(ref.name, ref.train, { period: ref.period }), { h: ref.h });
    const r = forecasts.get(`${ref.name}/thetaf`)!;
    const worst = Math.max(
      ...r.mean.map((v, i) => Math.abs(f.mean[i]! - v) / Math.abs(v)),
      ...r.lo95.map((v, i) => Math.abs(f.intervals[1]!.lower[i]! - v) / Math.max(1, Math.abs(v))),
      ...r.hi95.map((v, i) => Math.abs(f.intervals[1]!.upper[i]! - v) / Math.max(1, Math.abs(v))),
    );
    const scale = maseScale(ref.train, ref.period);
    return {
      name: ref.name,
      worst,
      mase: mase(ref.test, f.mean, scale),
      smape: smape(ref.test, f.mean),
      m: metrics.get(`${ref.name}/thetaf`)!,
    };
  });

  it('gives forecasts and 95% intervals within 1e-3 relative of R on at least 95% of series (all 87, in fact)', () => {
    const close = rows.filter((r) => r.worst <= 1e-3);
    expect(close.length / rows.length).toBeGreaterThanOrEqual(0.95);
    expect(rows.filter((r) => r.worst > 1e-3).map((r) => r.name)).toEqual([]);
  });

  it('has mean MASE no worse than 1.05x R and mean sMAPE within 0.5 points', () => {
    const mean = (f: (r: (typeof rows)[number]) => number) =>
      rows.reduce((a, r) => a + f(r), 0) / rows.length;
    expect(mean((r) => r.mase)).toBeLessThanOrEqual(1.05 * mean((r) => Number(r.m.mase)));
    expect(Math.abs(mean((r) => r.smape) - mean((r) => Number(r.m.smape)))).toBeLessThanOrEqual(0.5);
  });
});
