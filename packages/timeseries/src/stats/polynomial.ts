/** Roots of real polynomials: the admissibility and invertibility checks of ETS and ARIMA. */

/**
 * Whether every root of the monic polynomial Σ c_k z^k lies strictly inside the unit circle, by the
 * Schur–Cohn recursion: cheap, exact, and enough for almost every point the optimiser tries. Roots on or
 * near the circle fall through to {@link maxRootModulus}.
 */
export function insideUnitCircle(c: ArrayLike<number>): boolean {
  // Two scratch rows, swapped each step: the test runs on every optimiser step of a seasonal ETS fit.
  let a = scratch(0, c.length);
  let b = scratch(1, c.length);
  for (let i = 0; i < c.length; i++) a[i] = c[i]!;
  for (let d = c.length - 1; d > 0; d--) {
    const k = a[0]! / a[d]!;
    if (!(Math.abs(k) < 1)) return false;
    // The reduced polynomial (p(z) − k·p*(z)) / z, p* the reversed polynomial, made monic again so
    // that the coefficients keep their size over many steps (unscaled, they square each step).
    for (let i = 0; i < d; i++) b[i] = a[i + 1]! - k * a[d - i - 1]!;
    const lead = b[d - 1]!;
    for (let i = 0; i < d; i++) b[i]! /= lead;
    [a, b] = [b, a];
  }
  return true;
}

const rows: Float64Array[] = [new Float64Array(32), new Float64Array(32)];
function scratch(i: number, n: number): Float64Array {
  if (rows[i]!.length < n) rows[i] = new Float64Array(2 * n);
  return rows[i]!;
}

/** Complex roots: real and imaginary parts. */
export interface Roots {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * All roots of Σ c_k z^k (coefficients in increasing order, the last one non-zero) by Aberth–Ehrlich
 * iteration, started on a circle of the Cauchy bound's radius.
 */
export function polynomialRoots(coefficients: ArrayLike<number>): Roots {
  const d = coefficients.length - 1;
  const lead = coefficients[d]!;
  const c = Float64Array.from(coefficients, (v) => v / lead);
  const re = new Float64Array(Math.max(d, 0));
  const im = new Float64Array(Math.max(d, 0));
  if (d < 1) return { re, im };
  let radius = 0;
  for (let i = 0; i < d; i++) radius = Math.max(radius, Math.abs(c[i]!));
  radius = 1 + radius;
  for (let i = 0; i < d; i++) {
    // Off the axes, so that conjugate pairs separate.
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
  return { re, im };
}

/** The largest root modulus of Σ c_k z^k. */
export function maxRootModulus(c: ArrayLike<number>): number {
  const { re, im } = polynomialRoots(c);
  let max = 0;
  for (let i = 0; i < re.length; i++) max = Math.max(max, Math.hypot(re[i]!, im[i]!));
  return max;
}

/** The smallest root modulus of 1 + Σ c_k z^k (k = 1..), trailing near-zero terms (≤ 1e-8) dropped; Infinity if none. */
export function minRootModulusOfOnePlus(c: ArrayLike<number>): number {
  let last = c.length - 1;
  while (last >= 0 && Math.abs(c[last]!) <= 1e-8) last--;
  if (last < 0) return Infinity;
  const { re, im } = polynomialRoots([1, ...Array.from(c).slice(0, last + 1)]);
  let min = Infinity;
  for (let i = 0; i < re.length; i++) min = Math.min(min, Math.hypot(re[i]!, im[i]!));
  return min;
}
