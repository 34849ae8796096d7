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

/** The largest state a model may have: a seasonal ARIMA of period 400 with P = 2, D = 1 has about 1,200. */
const MAX_STATES = 1_600;

/**
 * The autocovariances γ(0..r) of the ARMA process with unit innovation variance, from ψ weights
 * ψ(0..r): the p + 1 equations γ(k) − Σ φ_j γ(|k − j|) = Σ_{j ≥ k} θ_j ψ_{j−k} solved by Gaussian
 * elimination, then the AR recursion beyond p (Brockwell & Davis, §3.3).
 */
function autocovariances(phi: Float64Array, theta: Float64Array, psi: Float64Array, r: number): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const b = new Float64Array(r + 1);
  for (let k = 0; k <= q; k++) {
    let v = 0;
    for (let j = k; j <= q; j++) v += (j === 0 ? 1 : theta[j - 1]!) * psi[j - k]!;
    b[k] = v;
  }
  const n = p + 1;
  const A = new Float64Array(n * n);
  const gamma = new Float64Array(r + 1);
  for (let k = 0; k < n; k++) {
    A[k * n + k] = 1;
    for (let j = 1; j <= p; j++) A[k * n + Math.abs(k - j)]! -= phi[j - 1]!;
    gamma[k] = b[k]!;
  }
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(A[i * n + c]!) > Math.abs(A[pivot * n + c]!)) pivot = i;
    if (pivot !== c) {
      for (let j = c; j < n; j++) [A[c * n + j], A[pivot * n + j]] = [A[pivot * n + j]!, A[c * n + j]!];
      [gamma[c], gamma[pivot]] = [gamma[pivot]!, gamma[c]!];
    }
    const d = A[c * n + c]!;
    for (let i = c + 1; i < n; i++) {
      const f = A[i * n + c]! / d;
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[i * n + j]! -= f * A[c * n + j]!;
      gamma[i]! -= f * gamma[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let v = gamma[c]!;
    for (let j = c + 1; j < n; j++) v -= A[c * n + j]! * gamma[j]!;
    gamma[c] = v / A[c * n + c]!;
  }
  for (let k = n; k <= r; k++) {
    let v = b[k]!;
    for (let j = 1; j <= p; j++) v += phi[j - 1]! * gamma[k - j]!;
    gamma[k] = v;
  }
  return gamma;
}

/**
 * The stationary covariance Q of the ARMA block, the solution of Q = T Q T′ + R R′, in O(p³ + r²):
 * its first row is Cov(y_t, α_t) from the process's autocovariances and ψ weights, and the rest
 * follows from Q[i][j] = φ_i φ_j Q[0][0] + φ_i Q[0][j+1] + φ_j Q[i+1][0] + Q[i+1][j+1] + R_i R_j,
 * filled from the bottom right. (R's Gardner et al. method and the doubling algorithm are O(r⁴) and
 * O(r³ log) and were most of the fit time for seasonal AR models.) Throws a RangeError when γ(0)
 * is not positive, which a non-stationary AR part usually gives; callers that need stationarity
 * check the roots (likelihood fits transform the parameters so that it holds).
 */
export function stationaryCovariance(phi: Float64Array, theta: Float64Array, r: number): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const psi = new Float64Array(r + 1);
  psi[0] = 1;
  for (let j = 1; j <= r; j++) {
    let v = j <= q ? theta[j - 1]! : 0;
    for (let k = 1; k <= Math.min(j, p); k++) v += phi[k - 1]! * psi[j - k]!;
    psi[j] = v;
  }
  const gamma = autocovariances(phi, theta, psi, r);
  if (!(gamma[0]! > 0) || !Number.isFinite(gamma[0]!)) throw new RangeError('the AR part is not stationary');
  const f = (i: number) => (i < p ? phi[i]! : 0);
  const rv = (i: number) => (i === 0 ? 1 : i <= q ? theta[i - 1]! : 0);
  const Q = new Float64Array(r * r);
  // Row 0: α_t(j) = Σ_{m ≥ 0} φ_{j+m} y_{t−1−m} + θ_{j+m} ε_{t−m} (0-based φ, θ_0 = 1).
  for (let j = 0; j < r; j++) {
    let v = 0;
    for (let m = 0; j + m < r; m++) v += f(j + m) * gamma[m + 1]! + rv(j + m) * psi[m]!;
    Q[j] = Q[j * r] = v;
  }
  const q00 = Q[0]!;
  for (let i = r - 1; i >= 1; i--)
    for (let j = r - 1; j >= i; j--) {
      const next = i + 1 < r && j + 1 < r ? Q[(i + 1) * r + j + 1]! : 0;
      const v =
        f(i) * f(j) * q00 +
        f(i) * (j + 1 < r ? Q[j + 1]! : 0) +
        f(j) * (i + 1 < r ? Q[i + 1]! : 0) +
        next +
        rv(i) * rv(j);
      Q[i * r + j] = Q[j * r + i] = v;
    }
  return Q;
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
  // Every filter step costs rd² and the covariance takes 8·rd² bytes: refuse before allocating it.
  if (rd > MAX_STATES)
    throw new RangeError(`an ARIMA state of ${rd} values is past the ${MAX_STATES} this filter runs`);
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
export function predictCovariance(
  s: ArimaStateSpace,
  P: Float64Array,
  out: Float64Array,
  mm: Float64Array,
): void {
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
export function predictState(s: ArimaStateSpace, a: Float64Array, out: Float64Array): void {
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
