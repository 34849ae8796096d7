/**
 * The state space form of an ARIMA model that R's arima uses (Harvey 1989; Durbin & Koopman 2001):
 * an ARMA block of r = max(p, q + 1) states, with T's first column φ and ones above the diagonal,
 * followed by d states for the differencing, started diffuse (variance κ = 1e6).
 */
export interface ArimaStateSpace {
  readonly phi: Float64Array;
  readonly theta: Float64Array;
  /** Differencing coefficients Δ. */
  readonly delta: Float64Array;
  /** Positions of Δ's non-zero coefficients ((1 − B)(1 − B¹²) has 3 of 13), for sparse loops. */
  readonly lags: Int32Array;
  /** ARMA block size. */
  readonly r: number;
  /** Total state size r + d. */
  readonly rd: number;
  /** State mean (filtered, after a pass). */
  readonly a: Float64Array;
  /** State covariance, row-major rd × rd (filtered, after a pass). */
  readonly P: Float64Array;
}

const KAPPA = 1e6;

/**
 * The stationary covariance of the ARMA block, the solution of Q = T Q T′ + R R′, by the doubling
 * algorithm (Q ← Q + A Q A′, A ← A²), which converges quadratically for a stationary φ.
 */
export function stationaryCovariance(phi: Float64Array, theta: Float64Array, r: number): Float64Array {
  const q = new Float64Array(r * r);
  const rv = new Float64Array(r);
  rv[0] = 1;
  for (let i = 1; i < r; i++) rv[i] = theta[i - 1] ?? 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) q[i * r + j] = rv[i]! * rv[j]!;
  let a = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    a[i * r] = phi[i] ?? 0;
    if (i < r - 1) a[i * r + i + 1] = 1;
  }
  let next = new Float64Array(r * r);
  const aq = new Float64Array(r * r);
  for (let iter = 0; iter < 64; iter++) {
    // aq = A Q, then Q += aq A′ (symmetric: upper triangle, mirrored).
    aq.fill(0);
    for (let i = 0; i < r; i++)
      for (let k = 0; k < r; k++) {
        const v = a[i * r + k]!;
        if (v === 0) continue;
        for (let j = 0; j < r; j++) aq[i * r + j]! += v * q[k * r + j]!;
      }
    let change = 0;
    let size = 0;
    for (let i = 0; i < r; i++)
      for (let j = i; j < r; j++) {
        let v = 0;
        for (let k = 0; k < r; k++) v += aq[i * r + k]! * a[j * r + k]!;
        const updated = q[i * r + j]! + v;
        q[i * r + j] = q[j * r + i] = updated;
        if (Math.abs(v) > change) change = Math.abs(v);
        if (Math.abs(updated) > size) size = Math.abs(updated);
      }
    if (!Number.isFinite(size)) throw new RangeError('the AR part is not stationary');
    if (change <= 1e-16 * size) break;
    // A ← A².
    next.fill(0);
    for (let i = 0; i < r; i++)
      for (let k = 0; k < r; k++) {
        const v = a[i * r + k]!;
        if (v === 0) continue;
        for (let j = 0; j < r; j++) next[i * r + j]! += v * a[k * r + j]!;
      }
    [a, next] = [next, a];
  }
  return q;
}

/** The state space model of an ARIMA with given full polynomials, at its prior (a = 0, P = [Q0, κI]). */
export function arimaStateSpace(
  phi: Float64Array,
  theta: Float64Array,
  delta: Float64Array,
): ArimaStateSpace {
  const r = Math.max(phi.length, theta.length + 1);
  const d = delta.length;
  const rd = r + d;
  const P = new Float64Array(rd * rd);
  if (r > 1) {
    const q0 = stationaryCovariance(phi, theta, r);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * rd + j] = q0[i * r + j]!;
  } else P[0] = phi.length > 0 ? 1 / (1 - phi[0]! ** 2) : 1;
  for (let i = 0; i < d; i++) P[(r + i) * rd + r + i] = KAPPA;
  const lags = Int32Array.from(Array.from(delta.keys()).filter((k) => delta[k] !== 0));
  return { phi, theta, delta, lags, r, rd, a: new Float64Array(rd), P };
}

/**
 * out = T P T′ + V for the model's transition T and disturbance V = R R′, using T's sparsity (rows of
 * T hold at most φ_i and a one, or Δ) and the symmetry of the result. `mm` is scratch for T P.
 */
function predictCovariance(s: ArimaStateSpace, P: Float64Array, out: Float64Array, mm: Float64Array): void {
  const { phi, theta, delta, lags, r, rd } = s;
  const p = phi.length;
  const d = delta.length;
  // mm = T P, row by row: row i of T P is φ_i·P[0,:] + P[i+1,:] for the ARMA block.
  for (let i = 0; i < r; i++) {
    const row = i * rd;
    const f = i < p ? phi[i]! : 0;
    if (i < r - 1) for (let j = 0; j < rd; j++) mm[row + j] = P[row + rd + j]! + f * P[j]!;
    else for (let j = 0; j < rd; j++) mm[row + j] = f * P[j]!;
  }
  if (d > 0) {
    const row = r * rd;
    for (let j = 0; j < rd; j++) mm[row + j] = P[j]!;
    for (const k of lags) {
      const f = delta[k]!;
      const src = (r + k) * rd;
      for (let j = 0; j < rd; j++) mm[row + j]! += f * P[src + j]!;
    }
    for (let i = r + 1; i < rd; i++) for (let j = 0; j < rd; j++) mm[i * rd + j] = P[(i - 1) * rd + j]!;
  }
  // out = mm T′: out[a][b] = Σ_k mm[a][k] T[b][k]; only b ≥ a is computed, then mirrored.
  for (let a = 0; a < rd; a++) {
    const row = a * rd;
    const m0 = mm[row]!;
    const last = Math.min(r - 1, p - 1);
    for (let b = a; b < r - 1; b++) out[row + b] = mm[row + b + 1]!;
    if (a <= r - 1) out[row + r - 1] = 0;
    for (let b = a; b <= last; b++) out[row + b]! += phi[b]! * m0;
    if (d > 0) {
      if (a <= r) {
        let v = m0;
        for (const k of lags) v += delta[k]! * mm[row + r + k]!;
        out[row + r] = v;
      }
      for (let b = Math.max(a, r + 1); b < rd; b++) out[row + b] = mm[row + b - 1]!;
    }
  }
  const q = Math.min(theta.length, r - 1);
  for (let i = 0; i <= q; i++) {
    const vi = i === 0 ? 1 : theta[i - 1]!;
    for (let j = i; j <= q; j++) out[i * rd + j]! += vi * (j === 0 ? 1 : theta[j - 1]!);
  }
  for (let a = 1; a < rd; a++) for (let b = 0; b < a; b++) out[a * rd + b] = out[b * rd + a]!;
}

/** a ← T a. */
function predictState(s: ArimaStateSpace, a: Float64Array, out: Float64Array): void {
  const { phi, delta, r, rd } = s;
  const p = phi.length;
  for (let i = 0; i < r; i++) out[i] = (i < r - 1 ? a[i + 1]! : 0) + (i < p ? phi[i]! * a[0]! : 0);
  if (rd > r) {
    let v = a[0]!;
    for (const i of s.lags) v += delta[i]! * a[r + i]!;
    out[r] = v;
    for (let i = r + 1; i < rd; i++) out[i] = a[i - 1]!;
  }
}

/** What a Kalman pass gives: Σ v²/F, Σ log F and their count (observations past the diffuse start). */
export interface KalmanPass {
  readonly ssq: number;
  readonly sumlog: number;
  readonly count: number;
}

/**
 * Runs the Kalman filter over y from the model's prior, updating s.a and s.P to the filtered state
 * at the end; writes standardised innovations v/√F when `residuals` is given. Observations whose
 * innovation variance F is still ≥ 1e4 (the diffuse start) do not count in the likelihood.
 */
export function kalmanFilter(s: ArimaStateSpace, y: ArrayLike<number>, residuals?: Float64Array): KalmanPass {
  const { delta, lags, r, rd } = s;
  const a = s.a;
  const P = s.P;
  const anew = new Float64Array(rd);
  const Pnew = Float64Array.from(P);
  const previous = new Float64Array(rd * rd);
  const mm = new Float64Array(rd * rd);
  const M = new Float64Array(rd);
  const lastM = new Float64Array(rd);
  let ssq = 0;
  let sumlog = 0;
  let count = 0;
  // Once the predicted covariance stops changing (to 1e-13 relative) the filter is in its steady
  // state: gain and innovation variance stay fixed and only the state mean needs updating. The
  // gain vector is compared first, O(r + d); the whole covariance only when the gain has settled.
  let steady = false;
  let gain = 0;
  let lastGain = NaN;
  let haveSettled = false;
  for (let l = 0; l < y.length; l++) {
    predictState(s, a, anew);
    const yl = y[l]!;
    if (Number.isNaN(yl)) {
      if (l > 0 && !steady) predictCovariance(s, P, Pnew, mm);
      steady = false;
      a.set(anew);
      P.set(Pnew);
      if (residuals) residuals[l] = NaN;
      continue;
    }
    let v = yl - anew[0]!;
    for (const i of lags) v -= delta[i]! * anew[r + i]!;
    if (!steady) {
      if (l > 0) predictCovariance(s, P, Pnew, mm);
      // M = P Z, F = Z′ P Z with Z = (1, 0…, Δ).
      for (let i = 0; i < rd; i++) {
        const row = i * rd;
        let t = Pnew[row]!;
        for (const k of lags) t += Pnew[row + r + k]! * delta[k]!;
        M[i] = t;
      }
      gain = M[0]!;
      for (const i of lags) gain += delta[i]! * M[r + i]!;
      let settled = Math.abs(gain - lastGain) <= 1e-13 * Math.abs(gain);
      for (let i = 0; settled && i < rd; i++) settled = Math.abs(M[i]! - lastM[i]!) <= 1e-13 * Math.abs(gain);
      // The covariance is kept for comparison only while the gain has settled: a copy per step would
      // add a third of the filter's work for nothing.
      if (settled && haveSettled) {
        let change = 0;
        let size = 0;
        for (let i = 0; i < rd * rd; i++) {
          const x = Pnew[i]!;
          const dx = Math.abs(x - previous[i]!);
          if (dx > change) change = dx;
          if (Math.abs(x) > size) size = Math.abs(x);
        }
        steady = change <= 1e-13 * size;
      }
      if (settled) previous.set(Pnew);
      haveSettled = settled;
      lastM.set(M);
      lastGain = gain;
      for (let i = 0; i < rd; i++) {
        const row = i * rd;
        const mi = M[i]! / gain;
        for (let j = i; j < rd; j++) P[row + j] = Pnew[row + j]! - mi * M[j]!;
      }
      for (let i = 1; i < rd; i++) for (let j = 0; j < i; j++) P[i * rd + j] = P[j * rd + i]!;
    }
    if (gain < 1e4) {
      count++;
      ssq += (v * v) / gain;
      sumlog += Math.log(gain);
    }
    if (residuals) residuals[l] = v / Math.sqrt(gain);
    const k = v / gain;
    for (let i = 0; i < rd; i++) a[i] = anew[i]! + M[i]! * k;
  }
  return { ssq, sumlog, count };
}

/** Forecast means and variances (in units of σ²) h = 1..H from the filtered state. */
export function kalmanForecast(
  s: ArimaStateSpace,
  h: number,
): { mean: Float64Array; variance: Float64Array } {
  const { r, rd, delta, lags } = s;
  let a = Float64Array.from(s.a);
  let anew = new Float64Array(rd);
  let P = Float64Array.from(s.P);
  let Pnew = new Float64Array(rd * rd);
  const mm = new Float64Array(rd * rd);
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let l = 0; l < h; l++) {
    predictState(s, a, anew);
    [a, anew] = [anew, a];
    predictCovariance(s, P, Pnew, mm);
    [P, Pnew] = [Pnew, P];
    let f = a[0]!;
    for (const i of lags) f += delta[i]! * a[r + i]!;
    mean[l] = f;
    // Z′ P Z.
    let v = 0;
    for (let i = 0; i < rd; i++) {
      const zi = i === 0 ? 1 : i >= r ? delta[i - r]! : 0;
      if (zi === 0) continue;
      for (let j = 0; j < rd; j++) {
        const zj = j === 0 ? 1 : j >= r ? delta[j - r]! : 0;
        if (zj !== 0) v += zi * zj * P[i * rd + j]!;
      }
    }
    variance[l] = v;
  }
  return { mean, variance };
}
