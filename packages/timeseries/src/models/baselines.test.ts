import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coverage, mase, maseScale, msis, smape } from '../metrics/metrics.js';
import { series } from '../series/series.js';
import { referenceForecasts, referenceMetrics, referenceSeries } from '../testing/reference.js';
import { drift, meanForecast, naive, seasonalNaive } from './baselines.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('baselines against R forecast 8.20 on the 87 reference series', () => {
  const forecasts = referenceForecasts();
  const metrics = referenceMetrics();
  for (const [method, fn] of [
    ['naive', naive],
    ['snaive', seasonalNaive],
  ] as const) {
    it(`${method}: forecasts and 80/95% intervals equal R's to 1e-9, and so do its metrics`, () => {
      let checked = 0;
      for (const ref of referenceSeries()) {
        const r = forecasts.get(`${ref.name}/${method}`)!;
        const f = fn(series(ref.name, ref.train, { period: ref.period }), { h: ref.h });
        const [i80, i95] = f.intervals;
        for (let i = 0; i < ref.h; i++) {
          expect(rel(f.mean[i]!, r.mean[i]!)).toBeLessThan(1e-9);
          expect(rel(i80!.lower[i]!, r.lo80[i]!)).toBeLessThan(1e-9);
          expect(rel(i80!.upper[i]!, r.hi80[i]!)).toBeLessThan(1e-9);
          expect(rel(i95!.lower[i]!, r.lo95[i]!)).toBeLessThan(1e-9);
          expect(rel(i95!.upper[i]!, r.hi95[i]!)).toBeLessThan(1e-9);
        }
        const m = metrics.get(`${ref.name}/${method}`)!;
        const scale = maseScale(ref.train, ref.period);
        expect(rel(scale, Number(m.mase_scale))).toBeLessThan(1e-9);
        expect(rel(mase(ref.test, f.mean, scale), Number(m.mase))).toBeLessThan(1e-9);
        expect(rel(smape(ref.test, f.mean), Number(m.smape))).toBeLessThan(1e-9);
        expect(rel(msis(ref.test, i95!, scale), Number(m.msis95))).toBeLessThan(1e-9);
        expect(coverage(ref.test, i80!)).toBeCloseTo(Number(m.cov80), 12);
        expect(rel(f.sigma2, Number(m.sigma2))).toBeLessThan(1e-9);
        checked++;
      }
      expect(checked).toBe(87);
    });
  }
});

describe('drift and mean against R forecast 8.20 (rwf(drift = TRUE), meanf) on the R-datasets series', () => {
  it('give the same forecasts and intervals to 1e-9', () => {
    const file = fileURLToPath(new URL('../../fixtures/baselines-reference.csv', import.meta.url));
    const [, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
    const rows = lines.map((l) => l.split(',').map((c) => c.replace(/"/g, '').trim()));
    const byName = new Map(referenceSeries().map((s) => [s.name, s]));
    let checked = 0;
    for (const name of new Set(rows.map((r) => r[0]!))) {
      const ref = byName.get(name)!;
      const s = series(name, ref.train, { period: ref.period });
      for (const [method, fn] of [
        ['drift', drift],
        ['mean', meanForecast],
      ] as const) {
        const f = fn(s, { h: ref.h });
        const expected = rows.filter((r) => r[0] === name && r[1] === method);
        expected.forEach((r, i) => {
          const [mean, lo80, hi80, lo95, hi95] = r.slice(3).map(Number);
          expect(rel(f.mean[i]!, mean!)).toBeLessThan(1e-9);
          expect(rel(f.intervals[0]!.lower[i]!, lo80!)).toBeLessThan(1e-9);
          expect(rel(f.intervals[0]!.upper[i]!, hi80!)).toBeLessThan(1e-9);
          expect(rel(f.intervals[1]!.lower[i]!, lo95!)).toBeLessThan(1e-9);
          expect(rel(f.intervals[1]!.upper[i]!, hi95!)).toBeLessThan(1e-9);
        });
        checked++;
      }
    }
    expect(checked).toBe(46);
  });
});
