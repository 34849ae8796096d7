import { checkStop } from '../../stats/stop-check.js';
import { predictCovariance, predictState, type ArimaStateSpace } from './arima-kalman.js';

/** What a Kalman pass gives: Σ v²/F, Σ log F and their count (observations past the diffuse start). */
export interface KalmanPass {
  readonly ssq: number;
  readonly sumlog: number;
  readonly count: number;
}

/** Innovation variances from this size on belong to the diffuse start and are left out (as R). */
const DIFFUSE_F = 1e4;

/**
 * Runs the Kalman filter over y from the model's prior, updating s.a and s.P to the filtered state
 * at the end; writes standardised innovations v/√F when `residuals` is given. Observations whose
 * innovation variance F is still ≥ 1e4 (the diffuse start) do not count in the likelihood.
 *
 * The d differencing states hold the last d observations: each update makes Z′α, the observation,
 * exact, and the next step shifts it into the first differencing state. So after d complete
 * observations those states are known exactly, with zero variance and covariance, and the filter
 * is the ARMA block's alone, run on the differenced series. It continues that way, r states instead
 * of r + d ((0,1,1)(0,1,1)[12]: 14 instead of 27), and gives what the full filter gives, κ's effect
 * on the first d steps included, up to rounding.
 */
export function kalmanFilter(s: ArimaStateSpace, y: ArrayLike<number>, residuals?: Float64Array): KalmanPass {
  const { r, rd, delta, lags } = s;
  const d = rd - r;
  if (d === 0) return armaSteps(s, y, false, residuals);
  let complete = y.length > d;
  for (let l = 0; complete && l < d; l++) complete = !Number.isNaN(y[l]!);
  for (let l = d; complete && l < y.length; l++) complete = !Number.isNaN(y[l]!);
  if (!complete) return filterAllStates(s, y, y.length, residuals);
  const start = filterAllStates(s, y, d, residuals);
  const arma: ArimaStateSpace = {
    ...s,
    delta: new Float64Array(0),
    lags: new Int32Array(0),
    rd: r,
    a: s.a.slice(0, r),
    P: new Float64Array(r * r),
  };
  for (let i = 0; i < r; i++) arma.P.set(s.P.subarray(i * rd, i * rd + r), i * r);
  const w = new Float64Array(y.length - d);
  for (let l = d; l < y.length; l++) {
    let v = y[l]!;
    for (const k of lags) v -= delta[k]! * y[l - 1 - k]!;
    w[l - d] = v;
  }
  const rest = armaSteps(arma, w, true, residuals?.subarray(d));
  // The full state at the end: the ARMA block, then the d observations before the last, exact.
  s.a.fill(0);
  s.a.set(arma.a);
  for (let k = 0; k < d; k++) s.a[r + k] = y[y.length - 2 - k]!;
  s.P.fill(0);
  for (let i = 0; i < r; i++) s.P.set(arma.P.subarray(i * r, i * r + r), i * rd);
  return { ssq: start.ssq + rest.ssq, sumlog: start.sumlog + rest.sumlog, count: start.count + rest.count };
}

/**
 * The filter's first `steps` steps over y with all r + d states, from the prior: the diffuse start,
 * or the whole series when values are missing (a missing value leaves a differencing state unknown).
 * Exported as the reference the faster paths are tested against.
 */
export function filterAllStates(
  s: ArimaStateSpace,
  y: ArrayLike<number>,
  steps: number,
  residuals?: Float64Array,
): KalmanPass {
  const { delta, lags, r, rd, a, P } = s;
  const anew = new Float64Array(rd);
  const Pnew = Float64Array.from(P);
  const mm = new Float64Array(rd * rd);
  const M = new Float64Array(rd);
  let ssq = 0;
  let sumlog = 0;
  let count = 0;
  for (let l = 0; l < steps; l++) {
    if ((l & 1023) === 0) checkStop();
    predictState(s, a, anew);
    if (l > 0) predictCovariance(s, P, Pnew, mm);
    const yl = y[l]!;
    if (Number.isNaN(yl)) {
      a.set(anew);
      P.set(Pnew);
      if (residuals) residuals[l] = NaN;
      continue;
    }
    let v = yl - anew[0]!;
    for (const i of lags) v -= delta[i]! * anew[r + i]!;
    // M = P Z, F = Z′ P Z with Z = (1, 0…, Δ).
    for (let i = 0; i < rd; i++) {
      const row = i * rd;
      let t = Pnew[row]!;
      for (const k of lags) t += Pnew[row + r + k]! * delta[k]!;
      M[i] = t;
    }
    let F = M[0]!;
    for (const i of lags) F += delta[i]! * M[r + i]!;
    for (let i = 0; i < rd; i++) {
      const mi = M[i]! / F;
      for (let j = 0; j < rd; j++) P[i * rd + j] = Pnew[i * rd + j]! - mi * M[j]!;
    }
    if (F < DIFFUSE_F) {
      count++;
      ssq += (v * v) / F;
      sumlog += Math.log(F);
    }
    if (residuals) residuals[l] = v / Math.sqrt(F);
    for (let i = 0; i < rd; i++) a[i] = anew[i]! + (M[i]! * v) / F;
  }
  return { ssq, sumlog, count };
}

/**
 * The filter over y for an ARMA model (no differencing states), from s.a and s.P: the prior (a
 * predicted state) when `filtered` is false, else the filtered state of the step before y[0].
 *
 * Z = e₁, so F and the gain are P's first row, and each step works on the upper triangle of one
 * covariance in place, held with a zero row and column appended so that T's shift needs no bounds
 * tests: P⁻[i][j] = P[i+1][j+1] + φ_i(φ_j P[0][0] + P[0][j+1]) + φ_j P[0][i+1] + R_i R_j, then
 * P[i][j] = P⁻[i][j] − P⁻[0][i] P⁻[0][j] / F. That is a third of the general step's memory traffic.
 *
 * Once the predicted covariance stops changing (to 1e-13 relative) the filter is in its steady
 * state: gain and F stay fixed and only the state mean needs updating. The gain is compared first,
 * O(r); the covariance only when the gain has settled.
 */
function armaSteps(
  s: ArimaStateSpace,
  y: ArrayLike<number>,
  filtered: boolean,
  residuals?: Float64Array,
): KalmanPass {
  const { phi, theta, r, a } = s;
  const n = r + 1;
  const P = new Float64Array(n * n);
  for (let i = 0; i < r; i++) P.set(s.P.subarray(i * r, i * r + r), i * n);
  const phiR = new Float64Array(n);
  phiR.set(phi.subarray(0, Math.min(phi.length, r)));
  const rv = new Float64Array(r);
  rv[0] = 1;
  const q = Math.min(theta.length, r - 1);
  for (let i = 1; i <= q; i++) rv[i] = theta[i - 1]!;
  const row0 = new Float64Array(n);
  const c = new Float64Array(r);
  const M = new Float64Array(r);
  const lastM = new Float64Array(r);
  const previous = new Float64Array(n * n);
  let ssq = 0;
  let sumlog = 0;
  let count = 0;
  let steady = false;
  let F = 0;
  let haveSettled = false;
  let started = false;

  const predictCovarianceInPlace = () => {
    for (let j = 0; j < r; j++) row0[j] = P[j]!;
    const p00 = row0[0]!;
    for (let j = 0; j < r; j++) c[j] = phiR[j]! * p00 + row0[j + 1]!;
    for (let i = 0; i < r; i++) {
      const fi = phiR[i]!;
      const gi = row0[i + 1]!;
      const row = i * n;
      const below = row + n + 1;
      for (let j = i; j < r; j++) P[row + j] = P[below + j]! + fi * c[j]! + gi * phiR[j]!;
    }
    for (let i = 0; i <= q; i++) for (let j = i; j <= q; j++) P[i * n + j]! += rv[i]! * rv[j]!;
  };

  for (let l = 0; l < y.length; l++) {
    if ((l & 1023) === 0) checkStop();
    const a0 = a[0]!;
    for (let i = 0; i < r - 1; i++) a[i] = a[i + 1]! + phiR[i]! * a0;
    a[r - 1] = phiR[r - 1]! * a0;
    const yl = y[l]!;
    if (Number.isNaN(yl)) {
      if (filtered || l > 0) predictCovarianceInPlace();
      steady = haveSettled = started = false;
      if (residuals) residuals[l] = NaN;
      continue;
    }
    if (!steady) {
      if (filtered || l > 0) predictCovarianceInPlace();
      // lastM holds the last step's gain from the second update on.
      let settled: boolean = started;
      for (let j = 0; j < r; j++) {
        M[j] = P[j]!;
        if (settled) settled = Math.abs(M[j]! - lastM[j]!) <= 1e-13 * M[0]!;
      }
      F = M[0]!;
      // The covariance is kept for comparison only while the gain has settled: a copy per step
      // would add a third of the filter's work for nothing.
      if (settled && haveSettled) {
        let change = 0;
        let size = 0;
        for (let i = 0; i < r; i++)
          for (let j = i; j < r; j++) {
            const x = P[i * n + j]!;
            const dx = Math.abs(x - previous[i * n + j]!);
            if (dx > change) change = dx;
            if (Math.abs(x) > size) size = Math.abs(x);
          }
        steady = change <= 1e-13 * size;
      }
      if (settled) previous.set(P);
      haveSettled = settled;
      lastM.set(M);
      started = true;
      for (let i = 0; i < r; i++) {
        const mi = M[i]! / F;
        const row = i * n;
        for (let j = i; j < r; j++) P[row + j]! -= mi * M[j]!;
      }
    }
    const v = yl - a[0]!;
    if (F < DIFFUSE_F) {
      count++;
      ssq += (v * v) / F;
      sumlog += Math.log(F);
    }
    if (residuals) residuals[l] = v / Math.sqrt(F);
    const k = v / F;
    for (let i = 0; i < r; i++) a[i]! += M[i]! * k;
  }
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) s.P[i * r + j] = i <= j ? P[i * n + j]! : P[j * n + i]!;
  return { ssq, sumlog, count };
}
