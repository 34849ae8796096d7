import { describe, expect, it } from 'vitest';
import { referenceSeries } from '../../testing/reference.js';
import { filterAllStates, kalmanFilter } from './arima-filter.js';
import { arimaStateSpace, kalmanForecast } from './arima-kalman.js';
import { expandArma } from './arima-params.js';

const air = referenceSeries().find((r) => r.name === 'AirPassengers')!.train;
const o = (p: number, d: number, q: number, P = 0, D = 0, Q = 0, m = 12) => ({ p, d, q, P, D, Q, m });
// (1 − B)(1 − B¹²): Δ's coefficients for the differencing states.
const delta = Float64Array.from({ length: 13 }, (_, k) => (k === 0 ? 1 : k === 11 ? 1 : k === 12 ? -1 : 0));

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  expect(worst).toBeLessThan(tol);
}

describe('the ARIMA Kalman filter', () => {
  it('gives what the filter over all r + d states gives, after switching to the ARMA block', () => {
    const { phi, theta } = expandArma([0.3, -0.1, -0.4, -0.6], o(2, 1, 1, 0, 1, 1), false);
    const fast = arimaStateSpace(phi, theta, delta);
    const full = arimaStateSpace(phi, theta, delta);
    const fastResiduals = new Float64Array(air.length);
    const fullResiduals = new Float64Array(air.length);
    const a = kalmanFilter(fast, air, fastResiduals);
    const b = filterAllStates(full, air, air.length, fullResiduals);
    expect(a.count).toBe(b.count);
    expect(a.count).toBe(air.length - 13);
    expectClose([a.ssq, a.sumlog], [b.ssq, b.sumlog], 1e-9);
    expectClose(fastResiduals.subarray(13), fullResiduals.subarray(13), 1e-7);
    expectClose(fast.a, full.a, 1e-7);
    const fa = kalmanForecast(fast, 12);
    const fb = kalmanForecast(full, 12);
    expectClose(fa.mean, fb.mean, 1e-9);
    expectClose(fa.variance, fb.variance, 1e-9);
  });

  it('skips missing values in the ARMA filter as the full filter does', () => {
    const y = Float64Array.from(air.subarray(0, 60), (v, i) => (i === 20 || i === 41 ? NaN : v - 200));
    const { phi, theta } = expandArma([0.6, 0.3, 0.5], o(1, 0, 1, 0, 0, 1), false);
    const fast = arimaStateSpace(phi, theta, new Float64Array(0));
    const full = arimaStateSpace(phi, theta, new Float64Array(0));
    const a = kalmanFilter(fast, y);
    const b = filterAllStates(full, y, y.length);
    expect(a.count).toBe(58);
    expect(a.count).toBe(b.count);
    expectClose([a.ssq, a.sumlog], [b.ssq, b.sumlog], 1e-10);
    expectClose(fast.P, full.P, 1e-10);
  });
});
