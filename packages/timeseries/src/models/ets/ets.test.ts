import { describe, expect, it } from 'vitest';
import { mase, maseScale, smape } from '../../metrics/metrics.js';
import { series } from '../../series/series.js';
import { referenceForecasts, referenceMetrics, referenceSeries } from '../../testing/reference.js';
import { fitEts } from './ets-fit.js';
import { etsMoments } from './ets-intervals.js';
import { etsPass, etsPointForecast, type EtsParameters, type EtsSpec, type EtsState } from './ets-model.js';
import { ets, etsCandidates } from './ets.js';

describe('ETS against R forecast 8.20 (ets, forecast) on the 87 reference series', () => {
  const forecasts = referenceForecasts();
  const metrics = referenceMetrics();
  const rows = referenceSeries().map((ref) => {
    const f = ets(series(ref.name, ref.train, { period: ref.period }), { h: ref.h });
    const r = forecasts.get(`${ref.name}/ets`)!;
    const m = metrics.get(`${ref.name}/ets`)!;
    const rel = (a: ArrayLike<number>, b: number[]) =>
      Math.max(...b.map((v, i) => Math.abs(a[i]! - v) / Math.max(1, Math.abs(v))));
    return {
      name: ref.name,
      model: f.model,
      rModel: m.model!,
      aiccGap: f.selection!.fit.aicc - Number(m.aicc),
      worst: Math.max(
        rel(f.mean, r.mean),
        rel(f.intervals[1]!.lower, r.lo95),
        rel(f.intervals[1]!.upper, r.hi95),
      ),
      mase: mase(ref.test, f.mean, maseScale(ref.train, ref.period)),
      smape: smape(ref.test, f.mean),
      m,
    };
  });

  it("selects R's model on at least 70% of series (all 87, in fact)", () => {
    const same = rows.filter((r) => r.model === r.rModel);
    expect(same.length / rows.length).toBeGreaterThanOrEqual(0.7);
    expect(
      rows.filter((r) => r.model !== r.rModel).map((r) => `${r.name}: ${r.model} vs ${r.rModel}`),
    ).toEqual([]);
  });

  it("reaches R's likelihood: AICc within 0.01 or lower, on every series", () => {
    expect(rows.filter((r) => r.aiccGap > 0.01).map((r) => `${r.name} ${r.aiccGap}`)).toEqual([]);
  });

  it('gives forecasts and 95% intervals within 1e-3 of R on 90% of series where R uses the textbook formulas', () => {
    // forecast 8.20's class 3 recursion drops φ for damped trends (ETS(M,Ad,M)); Strata does not.
    const textbook = rows.filter((r) => r.rModel !== 'ETS(M,Ad,M)');
    const close = textbook.filter((r) => r.worst <= 1e-3);
    expect(close.length / textbook.length).toBeGreaterThanOrEqual(0.9);
    // The rest: flat likelihoods where the two optimisers stop a little apart, or where Strata's
    // optimum is clearly better than R's (lower AICc) and the forecasts differ as they should.
    const unexplained = textbook.filter((r) => r.worst > 2e-3 && r.aiccGap > -1e-2);
    expect(unexplained.map((r) => `${r.name} ${r.worst}`)).toEqual([]);
  });

  it('has mean MASE no worse than 1.05x R and mean sMAPE within 0.5 points', () => {
    const mean = (f: (r: (typeof rows)[number]) => number) =>
      rows.reduce((a, r) => a + f(r), 0) / rows.length;
    expect(mean((r) => r.mase)).toBeLessThanOrEqual(1.05 * mean((r) => Number(r.m.mase)));
    expect(Math.abs(mean((r) => r.smape) - mean((r) => Number(r.m.smape)))).toBeLessThanOrEqual(0.5);
  });
});

/** A seeded generator of standard normal draws (mulberry32 and Box–Muller). */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform());
}

describe('ETS forecast distributions agree with simulation of the model', () => {
  /** Mean and variance of y_{n+h} over simulated paths of the model's own recursions. */
  const simulate = (spec: EtsSpec, p: EtsParameters, start: EtsState, sigma: number, h: number) => {
    const draw = normals(7);
    const paths = 40_000;
    const sum = new Float64Array(h);
    const sum2 = new Float64Array(h);
    const y = new Float64Array(1);
    for (let k = 0; k < paths; k++) {
      const state = { ...start, season: Float64Array.from(start.season) };
      for (let i = 0; i < h; i++) {
        const mu = etsPointForecast(spec, p, state, 1)[0]!;
        const e = draw() * sigma;
        y[0] = spec.error === 'A' ? mu + e : mu * (1 + e);
        etsPass(y, spec, p, state);
        sum[i]! += y[0];
        sum2[i]! += y[0] * y[0];
      }
    }
    const mean = sum.map((v) => v / paths);
    return { mean, variance: sum2.map((v, i) => v / paths - mean[i]! ** 2) };
  };
  const state = (season: number[]): EtsState => ({ level: 100, trend: 2, season: Float64Array.from(season) });
  const cases: [string, EtsSpec, number[]][] = [
    ['ETS(M,Ad,M)', { error: 'M', trend: 'A', damped: true, season: 'M' }, [1.2, 0.9, 1.1, 0.8]],
    ['ETS(M,N,M)', { error: 'M', trend: 'N', damped: false, season: 'M' }, [1.2, 0.9, 1.1, 0.8]],
    ['ETS(A,N,A)', { error: 'A', trend: 'N', damped: false, season: 'A' }, [12, -5, 3, -10]],
    ['ETS(M,Ad,A)', { error: 'M', trend: 'A', damped: true, season: 'A' }, [12, -5, 3, -10]],
  ];
  for (const [name, spec, season] of cases)
    it(`${name}: mean and variance match 40,000 simulated paths`, () => {
      const p = { alpha: 0.4, beta: 0.1, gamma: 0.3, phi: 0.9 };
      const sigma = spec.error === 'A' ? 8 : 0.08;
      const h = 10;
      const { mean, variance } = etsMoments(spec, p, state(season), sigma * sigma, h);
      const sim = simulate(spec, p, state(season), sigma, h);
      for (let i = 0; i < h; i++) {
        expect(Math.abs(mean[i]! - sim.mean[i]!)).toBeLessThan(4 * Math.sqrt(variance[i]! / 40_000) + 1e-9);
        expect(sim.variance[i]! / variance[i]!).toBeGreaterThan(0.95);
        expect(sim.variance[i]! / variance[i]!).toBeLessThan(1.05);
      }
      // One step ahead the mean is the point forecast, (ℓ + φb) ⊕ s, damped or not.
      expect(mean[0]).toBeCloseTo(etsPointForecast(spec, p, state(season), 1)[0]!, 9);
    });
});

describe('ETS models and inputs', () => {
  const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;

  it('tries the 15 seasonal or 6 non-seasonal candidates of the default space, 6 or 3 without positive data', () => {
    expect(etsCandidates(air.train, 12)).toHaveLength(15);
    expect(etsCandidates(air.train, 1)).toHaveLength(6);
    const shifted = air.train.map((v) => v - 200);
    expect(etsCandidates(shifted, 12)).toHaveLength(6);
    expect(etsCandidates(shifted, 1)).toHaveLength(3);
    // More than 24 per season, or no more than one season of data: no seasonal model.
    expect(etsCandidates(air.train, 52).every((s) => s.season === 'N')).toBe(true);
    expect(etsCandidates(air.train.subarray(0, 12), 12).every((s) => s.season === 'N')).toBe(true);
  });

  it('fits a named model, and R gives AirPassengers ETS(M,Ad,M) an AICc of 1117.222', () => {
    const fit = fitEts(air.train, { error: 'M', trend: 'A', damped: true, season: 'M' }, 12)!;
    expect(fit.aicc).toBeCloseTo(1117.222, 2);
    expect(fit.freeParameters).toBe(17);
    const f = ets(series('air', air.train, { period: 12 }), { h: 3, model: 'ANN' });
    expect(f.model).toBe('ETS(A,N,N)');
  });

  it('forecasts a constant series as the constant with zero-width intervals', () => {
    const f = ets(series('flat', new Array(30).fill(5)), { h: 4 });
    expect(Array.from(f.mean)).toEqual([5, 5, 5, 5]);
    expect(Array.from(f.intervals[1]!.upper)).toEqual([5, 5, 5, 5]);
  });

  it('rejects an unknown model code, gaps and too-short series with clear errors', () => {
    expect(() => ets(series('x', air.train), { h: 2, model: 'XYZ' })).toThrow(/three letters/);
    expect(() => ets(series('x', [1, NaN, 3, 4]), { h: 2 })).toThrow(/missing value at index 1/);
    expect(() => ets(series('x', [1, 2]), { h: 2 })).toThrow(/needs 3/);
  });
});
