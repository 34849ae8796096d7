import type { EtsParameters, EtsSpec } from './ets-model.js';

/** Lower and upper limits of α, β, γ, φ: forecast's defaults. */
export const LOWER = [1e-4, 1e-4, 1e-4, 0.8] as const;
export const UPPER = [0.9999, 0.9999, 0.9999, 0.98] as const;

/** The "usual" bounds: each parameter in its interval, β ≤ α and γ ≤ 1 − α. */
export function withinUsual(spec: EtsSpec, p: EtsParameters): boolean {
  const { alpha, beta, gamma, phi } = p;
  if (alpha < LOWER[0] || alpha > UPPER[0]) return false;
  if (spec.trend !== 'N' && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) return false;
  if (spec.damped && (phi < LOWER[3] || phi > UPPER[3])) return false;
  if (spec.season !== 'N' && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) return false;
  return true;
}

/**
 * The "admissible" region (Hyndman, Akram & Archibald 2008): the parameters for which the model
 * forgets its initial states. Non-seasonal models have closed-form limits; seasonal ones add the
 * condition that the characteristic polynomial has no root outside the unit circle.
 */
export function admissible(spec: EtsSpec, p: EtsParameters, m: number): boolean {
  const { alpha, beta, gamma, phi } = p;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (spec.season === 'N') {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (spec.trend !== 'N' && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  // Coefficients in increasing order of power, the last one 1.
  const c = new Float64Array(m + 2);
  c[0] = phi * (1 - alpha - gamma);
  c[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let i = 2; i < m; i++) c[i] = alpha + beta - alpha * phi;
  c[m] = alpha + beta - phi;
  c[m + 1] = 1;
  return insideUnitCircle(c) || maxRootModulus(c) <= 1 + 1e-10;
}

/**
 * Whether every root of the monic polynomial Σ c_k z^k lies strictly inside the unit circle, by the
 * Schur–Cohn recursion: cheap, exact, and enough for almost every point the optimiser tries. Roots on or
 * near the circle fall through to {@link maxRootModulus}.
 */
export function insideUnitCircle(c: ArrayLike<number>): boolean {
  let a = Float64Array.from(c);
  for (let d = a.length - 1; d > 0; d--) {
    const k = a[0]! / a[d]!;
    if (!(Math.abs(k) < 1)) return false;
    // The reduced polynomial (a_d·p(z) − a_0·p*(z)) / z, with p* the reversed polynomial.
    const next = new Float64Array(d);
    for (let i = 0; i < d; i++) next[i] = a[d]! * a[i + 1]! - a[0]! * a[d - i - 1]!;
    a = next;
  }
  return true;
}

/** The largest root modulus of the monic polynomial Σ c_k z^k, by Aberth–Ehrlich iteration. */
export function maxRootModulus(c: ArrayLike<number>): number {
  const d = c.length - 1;
  if (d < 1) return 0;
  // Start on a circle of the Cauchy bound's radius, off the axes so conjugate pairs separate.
  let radius = 0;
  for (let i = 0; i < d; i++) radius = Math.max(radius, Math.abs(c[i]!));
  radius = 1 + radius;
  const re = new Float64Array(d);
  const im = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const angle = (2 * Math.PI * i) / d + 0.4;
    re[i] = radius * Math.cos(angle);
    im[i] = radius * Math.sin(angle);
  }
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < d; i++) {
      // p(z) and p'(z) by Horner's scheme.
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let k = d - 1; k >= 0; k--) {
        const ndr = dr * re[i]! - di * im[i]! + pr;
        di = dr * im[i]! + di * re[i]! + pi;
        dr = ndr;
        const npr = pr * re[i]! - pi * im[i]! + c[k]!;
        pi = pr * im[i]! + pi * re[i]!;
        pr = npr;
      }
      // Newton ratio p/p', then Aberth's correction 1 / (1/ratio − Σ 1/(z_i − z_j)).
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const nr = (pr * dr + pi * di) / den;
      const ni = (pi * dr - pr * di) / den;
      let sr = 0;
      let si = 0;
      for (let j = 0; j < d; j++) {
        if (j === i) continue;
        const xr = re[i]! - re[j]!;
        const xi = im[i]! - im[j]!;
        const xx = xr * xr + xi * xi;
        if (xx === 0) continue;
        sr += xr / xx;
        si -= xi / xx;
      }
      const nn = nr * nr + ni * ni;
      if (nn === 0) continue;
      const ir = nr / nn - sr;
      const ii = -ni / nn - si;
      const ww = ir * ir + ii * ii;
      if (ww === 0) continue;
      const wr = ir / ww;
      const wi = -ii / ww;
      re[i] = re[i]! - wr;
      im[i] = im[i]! - wi;
      moved = Math.max(moved, Math.hypot(wr, wi) / Math.max(1, Math.hypot(re[i]!, im[i]!)));
    }
    if (moved < 1e-14) break;
  }
  let max = 0;
  for (let i = 0; i < d; i++) max = Math.max(max, Math.hypot(re[i]!, im[i]!));
  return max;
}
