import type { EtsParameters, EtsSpec, EtsState } from './ets-model.js';
import { etsPointForecast } from './ets-model.js';

/** Forecast means and variances h = 1..H. */
export interface EtsMoments {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * The forecast distribution's mean and variance by the analytic results of Hyndman et al. (2008,
 * ch. 6) for the three model classes of the default space: class 1 (additive error, linear
 * components), class 2 (multiplicative error, linear components) and class 3 (multiplicative error and
 * season). Class 3's mean is not the point recursion: from h > m it carries σ² terms.
 */
export function etsMoments(
  spec: EtsSpec,
  p: EtsParameters,
  state: EtsState,
  sigma2: number,
  h: number,
): EtsMoments {
  if (spec.error === 'M' && spec.season === 'M') return classThree(spec, p, state, sigma2, h);
  const mean = etsPointForecast(spec, p, state, h);
  const c = impulseWeights(spec, p, state.season.length, h);
  const variance = new Float64Array(h);
  if (spec.error === 'A') {
    // Class 1: v_h = σ² (1 + Σ_{j<h} c_j²).
    let sum = 0;
    for (let i = 0; i < h; i++) {
      variance[i] = sigma2 * (1 + sum);
      sum += c[i + 1]! ** 2;
    }
  } else {
    // Class 2: θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}; v_h = (1 + σ²) θ_h − μ_h².
    const theta = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      let sum = 0;
      for (let j = 1; j <= i; j++) sum += c[j]! ** 2 * theta[i - j]!;
      theta[i] = mean[i]! ** 2 + sigma2 * sum;
      variance[i] = (1 + sigma2) * theta[i]! - mean[i]! ** 2;
    }
  }
  return { mean, variance };
}

/**
 * c_j = H F^{j−1} G for the linear-component models: α + β·φ_j + γ when j is a whole number of seasons,
 * with φ_j = φ + φ² + … + φ^j (j when undamped). Index 0 is unused.
 */
function impulseWeights(spec: EtsSpec, p: EtsParameters, m: number, h: number): Float64Array {
  const c = new Float64Array(h + 1);
  let phiSum = 0;
  for (let j = 1; j <= h; j++) {
    phiSum += spec.damped ? p.phi ** j : 1;
    c[j] =
      p.alpha +
      (spec.trend === 'N' ? 0 : p.beta * phiSum) +
      (spec.season !== 'N' && j % m === 0 ? p.gamma : 0);
  }
  return c;
}

/** Dense row-major square matrix helpers for the class 3 recursion (sizes up to 2m). */
type Mat = { n: number; a: Float64Array };
const mat = (n: number): Mat => ({ n, a: new Float64Array(n * n) });
function mul(x: Mat, y: Mat, transposeY = false): Mat {
  const n = x.n;
  const out = mat(n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const xik = x.a[i * n + k]!;
      if (xik === 0) continue;
      for (let j = 0; j < n; j++) out.a[i * n + j]! += xik * (transposeY ? y.a[j * n + k]! : y.a[k * n + j]!);
    }
  return out;
}
function kron(x: Mat, y: Mat): Mat {
  const out = mat(x.n * y.n);
  for (let i = 0; i < x.n; i++)
    for (let j = 0; j < x.n; j++)
      for (let k = 0; k < y.n; k++)
        for (let l = 0; l < y.n; l++)
          out.a[(i * y.n + k) * out.n + j * y.n + l] = x.a[i * x.n + j]! * y.a[k * y.n + l]!;
  return out;
}
function add(...xs: Mat[]): Mat {
  const out = mat(xs[0]!.n);
  for (const x of xs) for (let i = 0; i < x.a.length; i++) out.a[i]! += x.a[i]!;
  return out;
}
function scale(x: Mat, s: number): Mat {
  return { n: x.n, a: x.a.map((v) => v * s) };
}
function outer(v: Float64Array): Mat {
  const out = mat(v.length);
  for (let i = 0; i < v.length; i++)
    for (let j = 0; j < v.length; j++) out.a[i * v.length + j] = v[i]! * v[j]!;
  return out;
}

/**
 * Class 3, ETS(M, N|A|Ad, M): the model is y_t = (w₁′x_{t−1})(w₂′z_{t−1})(1 + ε_t) with level/trend
 * x_t = (F₁ + G₁ε_t)x_{t−1} and season z_t = (F₂ + G₂ε_t)z_{t−1}. The mean M_h = E[x z′] and the
 * covariance V_h of vec M_h follow Kronecker-product recursions; μ_h = w₁′M_h w₂ and
 * v_h = (1 + σ²)(w₂⊗w₁)′V_h(w₂⊗w₁) + σ²μ_h².
 */
function classThree(spec: EtsSpec, p: EtsParameters, state: EtsState, sigma2: number, h: number): EtsMoments {
  const { alpha, beta, gamma, phi } = p;
  const m = state.season.length;
  const k = spec.trend === 'N' ? 1 : 2;
  // Level/trend block: ℓ_t = (ℓ + φb)(1 + αε), b_t = φb + β(ℓ + φb)ε.
  const F1 = mat(k);
  const G1 = mat(k);
  const w1 = k === 1 ? [1] : [1, phi];
  if (k === 1) {
    F1.a[0] = 1;
    G1.a[0] = alpha;
  } else {
    F1.a.set([1, phi, 0, phi]);
    G1.a.set([alpha, alpha * phi, beta, beta * phi]);
  }
  // Season block, most recent first: z = (s_{t−1}, …, s_{t−m}); s_t = s_{t−m}(1 + γε).
  const F2 = mat(m);
  const G2 = mat(m);
  F2.a[m - 1] = 1;
  for (let i = 1; i < m; i++) F2.a[i * m + i - 1] = 1;
  G2.a[m - 1] = gamma;
  const x = k === 1 ? [state.level] : [state.level, state.trend];
  // z_n: the buffer's slot i applies to time n + i, i.e. lag m − i; most recent (lag 1) first.
  const z = Array.from({ length: m }, (_, i) => state.season[(m - 1 - i + m) % m]!);
  const d = k * m;
  // vec M (column-major, k × m): index j·k + i holds x_i z_j.
  let vecM = new Float64Array(d);
  for (let j = 0; j < m; j++) for (let i = 0; i < k; i++) vecM[j * k + i] = x[i]! * z[j]!;
  let V = mat(d);
  const F21 = kron(F2, F1);
  const G21 = kron(G2, G1);
  const K = add(kron(G2, F1), kron(F2, G1));
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  // w = w₂ ⊗ w₁ picks the oldest season (lag m) times w₁.
  const w = new Float64Array(d);
  for (let i = 0; i < k; i++) w[(m - 1) * k + i] = w1[i]!;
  for (let step = 0; step < h; step++) {
    let mu = 0;
    for (let i = 0; i < d; i++) mu += w[i]! * vecM[i]!;
    let wVw = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) wVw += w[i]! * V.a[i * d + j]! * w[j]!;
    mean[step] = mu;
    variance[step] = (1 + sigma2) * wVw + sigma2 * mu * mu;
    if (step === h - 1) break;
    const MM = outer(vecM);
    const FV = mul(F21, V);
    const GV = mul(G21, V);
    V = add(
      mul(FV, F21, true),
      scale(
        add(
          mul(FV, G21, true),
          mul(GV, F21, true),
          mul(mul(K, add(V, MM)), K, true),
          scale(mul(mul(G21, add(scale(V, 3), scale(MM, 2))), G21, true), sigma2),
        ),
        sigma2,
      ),
    );
    // vec(F₁MF₂′ + σ²G₁MG₂′) = (F₂⊗F₁ + σ²G₂⊗G₁) vec M.
    const next = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (F21.a[i * d + j]! + sigma2 * G21.a[i * d + j]!) * vecM[j]!;
      next[i] = s;
    }
    vecM = next;
  }
  return { mean, variance };
}
