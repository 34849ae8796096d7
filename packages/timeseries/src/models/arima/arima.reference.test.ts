import { beforeAll, describe, expect, it } from 'vitest';
import { mase, maseScale, smape } from '../../metrics/metrics.js';
import { forecastMany, type SeriesForecast } from '../../pool/forecast-pool.js';
import { series } from '../../series/series.js';
import { referenceForecasts, referenceMetrics, referenceSeries } from '../../testing/reference.js';

// auto.arima on all 87 series takes R about 520 s on one core; the forecasts run on every core here.
describe('auto.arima against R forecast 8.20 on the 87 reference series', () => {
  const refs = referenceSeries();
  const forecasts = referenceForecasts();
  const metrics = referenceMetrics();
  let results: SeriesForecast[];
  beforeAll(async () => {
    results = await forecastMany(
      refs.map((r) => series(r.name, r.train, { period: r.period })),
      { method: 'arima', h: Math.max(...refs.map((r) => r.h)) },
    );
  }, 1_800_000);
  const rows = () =>
    refs.map((ref, i) => {
      const f = results[i]!.forecast!;
      const mean = f.mean.subarray(0, ref.h);
      const r = forecasts.get(`${ref.name}/auto.arima`)!;
      const m = metrics.get(`${ref.name}/auto.arima`)!;
      const rel = (a: ArrayLike<number>, b: number[]) =>
        Math.max(...b.map((v, k) => Math.abs(a[k]! - v) / Math.max(1, Math.abs(v))));
      return {
        name: ref.name,
        model: f.model,
        rModel: m.model!,
        aiccGap: f.aicc! - Number(m.aicc),
        worst: Math.max(rel(mean, r.mean), rel(f.intervals[1]!.upper, r.hi95)),
        mase: mase(ref.test, mean, maseScale(ref.train, ref.period)),
        smape: smape(ref.test, mean),
        m,
      };
    });

  it('forecasts every series', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.id}: ${r.error!.message}`)).toEqual([]);
  });

  it("selects R's model on at least 70% of series", () => {
    const all = rows();
    const differ = all.filter((r) => r.model !== r.rModel);
    expect(1 - differ.length / all.length).toBeGreaterThanOrEqual(0.7);
    // Where the choice differs, the two searches took different paths; list them in the failure.
    expect(
      differ.length,
      differ.map((r) => `${r.name}: ${r.model} (AICc gap ${r.aiccGap.toFixed(3)}) vs ${r.rModel}`).join('\n'),
    ).toBeLessThanOrEqual(8);
  });

  it('gives the same forecasts as R (1e-3) where it selects the same model, on at least 90% of those', () => {
    const same = rows().filter((r) => r.model === r.rModel);
    const close = same.filter((r) => r.worst <= 1e-3);
    expect(close.length / same.length).toBeGreaterThanOrEqual(0.9);
  });

  it('has mean MASE no worse than 1.05x R and mean sMAPE within 0.5 points', () => {
    const all = rows();
    const mean = (f: (r: (typeof all)[number]) => number) => all.reduce((a, r) => a + f(r), 0) / all.length;
    expect(mean((r) => r.mase)).toBeLessThanOrEqual(1.05 * mean((r) => Number(r.m.mase)));
    expect(Math.abs(mean((r) => r.smape) - mean((r) => Number(r.m.smape)))).toBeLessThanOrEqual(0.5);
  });
});
