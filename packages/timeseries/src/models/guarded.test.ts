import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { FORECASTERS, type ForecastMethod } from './registry.js';
import { scaleExponent } from './guarded.js';

const METHODS = Object.keys(FORECASTERS) as ForecastMethod[];
const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;

/** The error a forecast throws, or null. */
function failure(run: () => unknown): { code: string; message: string } | null {
  try {
    run();
    return null;
  } catch (err) {
    if (!isStrataError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe('forecasters on numbers at the ends of float64', () => {
  it('leave series of ordinary magnitude as they are (no rescaling, R’s numbers)', () => {
    expect(scaleExponent(air.train)).toBe(0);
    expect(scaleExponent([0, 0, 0])).toBe(0);
    expect(scaleExponent([1, NaN, 1e300])).toBe(0);
    expect(scaleExponent([1, 2, 1e300])).toBe(997);
    expect(scaleExponent([5e-324, 1e-310])).toBe(-1029);
    const f = FORECASTERS.ets(series('air', air.train, { period: 12 }), { h: 3 });
    expect(f.scaleExponent).toBeUndefined();
    expect(f.aicc).toBeDefined();
  });

  it('forecast a series past 1e100 as the same series divided by a power of two, in its own units', () => {
    const big = air.train.map((v) => v * 2 ** 400);
    // The forecasters see the series times 2^-k, k the bits of its largest value.
    const k = Math.floor(Math.log2(Math.max(...air.train))) + 1;
    const small = air.train.map((v) => v * 2 ** -k);
    for (const method of METHODS) {
      const scaled = FORECASTERS[method](series('air', big, { period: 12 }), { h: 12 });
      const direct = FORECASTERS[method](series('air', small, { period: 12 }), { h: 12 });
      expect(scaled.model).toBe(direct.model);
      expect(scaled.scaleExponent).toBe(400 + k);
      expect(scaled.aicc).toBeUndefined();
      expect(Array.from(scaled.mean)).toEqual(Array.from(direct.mean, (v) => v * 2 ** (400 + k)));
      expect(Array.from(scaled.intervals[1]!.upper)).toEqual(
        Array.from(direct.intervals[1]!.upper, (v) => v * 2 ** (400 + k)),
      );
      expect(scaled.sigma2).toBe(direct.sigma2 * 2 ** (800 + 2 * k));
    }
    // Forecasters whose answer does not depend on the unit give R's numbers, in the series' units.
    for (const method of ['naive', 'snaive', 'theta'] as const) {
      const plain = FORECASTERS[method](series('air', air.train, { period: 12 }), { h: 12 });
      const scaled = FORECASTERS[method](series('air', big, { period: 12 }), { h: 12 });
      // (Theta's optimiser starts from a step relative to the values: the same optimum, not the same digits.)
      for (let i = 0; i < 12; i++)
        expect(Math.abs(scaled.mean[i]! / 2 ** 400 / plain.mean[i]! - 1)).toBeLessThan(1e-4);
    }
  });

  it('end ets([1, 2, 3, 4, 5, 1e308]) with a forecast in the series’ units instead of spinning', () => {
    const f = FORECASTERS.ets(series('spike', [1, 2, 3, 4, 5, 1e308]), { h: 3 });
    expect(f.scaleExponent).toBe(1024);
    expect(f.mean.every((v) => Number.isFinite(v) && v > 1e306)).toBe(true);
  });

  it('answer every method on huge, tiny and alternating values with a finite forecast or SERIES_OVERFLOW naming the series', () => {
    const inputs: Record<string, number[]> = {
      reported: [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308],
      alternating: Array.from({ length: 40 }, (_, i) => (i % 2 ? -1 : 1) * 1e300),
      denormal: Array.from({ length: 40 }, (_, i) => ((i % 3) + 1) * 5e-324),
      equal: Array.from({ length: 20 }, () => 1.7e308),
      mixed: Array.from({ length: 40 }, (_, i) => (i === 7 ? 1e308 : i)),
    };
    const outcomes: string[] = [];
    for (const [id, values] of Object.entries(inputs))
      for (const method of METHODS) {
        const err = failure(() => {
          const f = FORECASTERS[method](series(id, values, { period: 4 }), { h: 3 });
          expect(f.mean.every(Number.isFinite)).toBe(true);
          expect(
            f.intervals.every((i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite)),
          ).toBe(true);
        });
        if (err) {
          expect(err.code).toBe('SERIES_OVERFLOW');
          expect(err.message).toContain(`series "${id}"`);
          outcomes.push(`${id}/${method}`);
        }
      }
    // Every method overflows on ±1e308 (its intervals pass the largest double); none on tiny or constant values.
    expect(outcomes.filter((o) => o.startsWith('reported/'))).toHaveLength(METHODS.length);
    expect(outcomes.filter((o) => /^(denormal|equal)\//.test(o))).toEqual([]);
  });

  it('still call a NaN a missing value, whatever the magnitude of the rest', () => {
    const err = failure(() => FORECASTERS.ets(series('gap', [1e308, NaN, 1e308, 1e308]), { h: 1 }));
    expect(err).toMatchObject({ code: 'SERIES_MISSING_VALUE' });
  });
});
