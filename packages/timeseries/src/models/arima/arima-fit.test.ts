import { describe, expect, it } from 'vitest';
import { referenceSeries } from '../../testing/reference.js';
import { fitArima } from './arima-fit.js';
import { kalmanForecast, stationaryCovariance } from './arima-kalman.js';
import { expandArma, invertMa } from './arima-params.js';

const o = (p: number, d: number, q: number, P = 0, D = 0, Q = 0, m = 12) => ({ p, d, q, P, D, Q, m });
const air = referenceSeries().find((r) => r.name === 'AirPassengers')!.train;
const lhRef = referenceSeries().find((r) => r.name === 'lh')!;
const lh = Float64Array.from([...lhRef.train, ...lhRef.test]);

describe("fitArima against R's stats::arima (R 4.2)", () => {
  it('ARIMA(1,1,0)(0,1,0)[12] on AirPassengers: coefficient, σ², log-likelihood, variance', () => {
    const f = fitArima(air, o(1, 1, 0, 0, 1, 0), 'none');
    // The log-likelihood is flat at the optimum: BFGS's stopping rule (relative 1e-8) fixes the
    // coefficient to about 1e-6, and rounding differences in the filter move it within that.
    expect(f.coef[0]).toBeCloseTo(-0.2397321417, 5);
    expect(f.sigma2).toBeCloseTo(102.6670072, 5);
    expect(f.loglik).toBeCloseTo(-399.6407757, 6);
    expect(f.aic).toBeCloseTo(803.2815514, 6);
    expect(f.varCoef[0]![0]).toBeCloseTo(0.008743985299, 7);
  });

  it('ARIMA(3,0,2) with mean on lh', () => {
    const f = fitArima(lh, o(3, 0, 2, 0, 0, 0, 1), 'mean');
    const r = [0.04024681387, 0.4566577121, -0.4163723443, 0.6602003433, -0.1109385007, 2.391131765];
    r.forEach((v, i) => expect(f.coef[i]).toBeCloseTo(v, 6));
    expect(f.loglik).toBeCloseTo(-26.19932078, 6);
  });

  it('ARIMA(1,1,1) with drift, and ARIMA(1,0,1)(1,1,0)[12] by CSS', () => {
    const drift = fitArima(air, o(1, 1, 1, 0, 0, 0, 1), 'drift');
    [-0.5152786875, 0.8764654321, 2.093009522].forEach((v, i) => expect(drift.coef[i]).toBeCloseTo(v, 6));
    expect(drift.aic).toBeCloseTo(1126.948502, 5);
    const css = fitArima(air, o(1, 0, 1, 1, 1, 0), 'none', 'CSS');
    [0.9698023221, -0.228271619, -0.04668867023].forEach((v, i) => expect(css.coef[i]).toBeCloseTo(v, 7));
    expect(css.sigma2).toBeCloseTo(108.0631409, 5);
  });

  it("forecasts ARIMA(2,1,1)(0,1,1)[12] as R's predict", () => {
    const f = fitArima(air, o(2, 1, 1, 0, 1, 1), 'none');
    const { mean, variance } = kalmanForecast(f.model, 5);
    [341.1698326, 319.6491711, 364.0570935, 350.3677829, 364.9854414].forEach((v, i) =>
      expect(mean[i]).toBeCloseTo(v, 4),
    );
    [10.09691927, 12.83597361, 15.66213801, 17.7816145, 19.80241341].forEach((v, i) =>
      expect(Math.sqrt(variance[i]! * f.sigma2)).toBeCloseTo(v, 4),
    );
  });

  it("has R's stationary state covariance (makeARIMA's Pn) and expands seasonal polynomials", () => {
    const q = stationaryCovariance(Float64Array.from([0.5, 0.3, -0.2]), Float64Array.from([0.4, 0.1]), 3);
    const r = [
      2.906034483, 0.8478448276, -0.3601724138, 0.8478448276, 0.3316810345, -0.06232758621, -0.3601724138,
      -0.06232758621, 0.1262413793,
    ];
    r.forEach((v, i) => expect(q[i]).toBeCloseTo(v, 9));
    // (1 − 0.5B)(1 − 0.3B⁴): φ = [0.5, 0, 0, 0.3, −0.15].
    const { phi } = expandArma([0.5, 0.3], o(1, 0, 0, 1, 0, 0, 4), false);
    expect(Array.from(phi)).toEqual([0.5, 0, 0, 0.3, -0.15]);
  });

  it('solves Q = T Q T′ + R R′ for a seasonal ARMA with r = 27', () => {
    // ARIMA(2,0,1)(2,0,1)[12] as expanded polynomials: p = 26, q = 13.
    const { phi, theta } = expandArma([0.5, -0.2, 0.4, 0.3, 0.6, -0.5], o(2, 0, 1, 2, 0, 1, 12), false);
    const r = Math.max(phi.length, theta.length + 1);
    const Q = stationaryCovariance(phi, theta, r);
    const f = (i: number) => (i < phi.length ? phi[i]! : 0);
    const R = (i: number) => (i === 0 ? 1 : i <= theta.length ? theta[i - 1]! : 0);
    let worst = 0;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const q = (a: number, b: number) => (a < r && b < r ? Q[a * r + b]! : 0);
        const tqt = f(i) * f(j) * q(0, 0) + f(i) * q(0, j + 1) + f(j) * q(i + 1, 0) + q(i + 1, j + 1);
        worst = Math.max(worst, Math.abs(tqt + R(i) * R(j) - Q[i * r + j]!));
      }
    expect(worst).toBeLessThan(1e-10 * Q[0]!);
    expect(() => stationaryCovariance(Float64Array.from([1.2]), new Float64Array(0), 2)).toThrow(RangeError);
  });

  it('makes an MA polynomial invertible by reflecting its roots', () => {
    // 1 + 2B has its root at −0.5; the invertible equivalent is 1 + 0.5B.
    expect(Array.from(invertMa([2]))).toEqual([0.5]);
    // (1 + 2B)(1 + 0.2B) = 1 + 2.2B + 0.4B²  →  (1 + 0.5B)(1 + 0.2B) = 1 + 0.7B + 0.1B².
    const inv = invertMa([2.2, 0.4]);
    expect(inv[0]).toBeCloseTo(0.7, 12);
    expect(inv[1]).toBeCloseTo(0.1, 12);
  });
});
