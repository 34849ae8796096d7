import { checkStop } from './stop-check.js';

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** Most iterations. @defaultValue `100` */
  readonly maxIterations?: number;
  /** Relative convergence tolerance on the function value. @defaultValue `1.490116e-8` (√ε) */
  readonly reltol?: number;
  /** Per-parameter scale: the optimiser works on x / parscale. @defaultValue all 1 */
  readonly parscale?: ArrayLike<number>;
  /** Finite-difference steps on the scaled parameters. @defaultValue `1e-3` each */
  readonly ndeps?: number;
}

/** Where a BFGS minimisation ended. */
export interface BfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  /** 0 converged, 1 iteration limit reached. */
  readonly code: 0 | 1;
}

/** Thrown when a central difference is not finite: the caller treats the fit as failed, as R's optim errors. */
export class NonFiniteGradientError extends Error {}

/**
 * The gradient of f at x by central differences on the scaled parameters, as R's optim computes it
 * when no gradient is given: (f(x + δ) − f(x − δ)) / 2δ with δ = ndeps in scaled units.
 */
function gradient(
  f: (x: Float64Array) => number,
  scaled: Float64Array,
  parscale: ArrayLike<number>,
  ndeps: number,
  out: Float64Array,
): void {
  const n = scaled.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = scaled[i]! * parscale[i]!;
  for (let i = 0; i < n; i++) {
    checkStop();
    x[i] = (scaled[i]! + ndeps) * parscale[i]!;
    const up = f(x);
    x[i] = (scaled[i]! - ndeps) * parscale[i]!;
    const down = f(x);
    const d = (up - down) / (2 * ndeps);
    if (!Number.isFinite(d))
      throw new NonFiniteGradientError(`non-finite finite-difference value [${i + 1}]`);
    out[i] = d;
    x[i] = scaled[i]! * parscale[i]!;
  }
}

/**
 * Minimises f by the variable-metric (BFGS) method of Nash (Compact Numerical Methods, algorithm 21)
 * with numerical gradients: the method R's `optim(method = "BFGS")` uses, with the same backtracking
 * line search (step × 0.2 until the Armijo condition with 1e-4 holds), restarts and stopping rule.
 * Matching its path matters: `auto.arima` chooses between models by the optima this reaches.
 */
export function bfgs(
  fn: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: BfgsOptions = {},
): BfgsResult {
  const n = x0.length;
  const maxit = options.maxIterations ?? 100;
  const reltol = options.reltol ?? 1.490116119384765625e-8;
  const parscale = options.parscale ?? new Float64Array(n).fill(1);
  const ndeps = options.ndeps ?? 1e-3;
  const unscaled = new Float64Array(n);
  const fs = (b: Float64Array) => {
    for (let i = 0; i < n; i++) unscaled[i] = b[i]! * parscale[i]!;
    return fn(unscaled);
  };
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = x0[i]! / parscale[i]!;
  const result = (code: 0 | 1, value: number): BfgsResult => ({
    x: b.map((v, i) => v * parscale[i]!),
    value,
    code,
  });
  if (maxit <= 0) return result(0, fs(b));
  let fmin = fs(b);
  if (!Number.isFinite(fmin)) throw new NonFiniteGradientError('initial value in BFGS is not finite');
  const g = new Float64Array(n);
  gradient(fn, b, parscale, ndeps, g);
  const B = Array.from({ length: n }, () => new Float64Array(n));
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const t = new Float64Array(n);
  let iter = 1;
  let gradcount = 1;
  let ilast = gradcount;
  let count: number;
  let f = fmin;
  do {
    if (ilast === gradcount)
      for (let i = 0; i < n; i++) for (let j = 0; j < i + 1; j++) B[i]![j] = i === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      X[i] = b[i]!;
      c[i] = g[i]!;
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i]![j]! * g[j]!;
      for (let j = i + 1; j < n; j++) s -= B[j]![i]! * g[j]!;
      t[i] = s;
      gradproj += s * g[i]!;
    }
    // An infinite direction (a degenerate metric) has no step to take: restart as R would at no descent.
    if (gradproj < 0 && Number.isFinite(gradproj)) {
      let steplength = 1;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i]! + steplength * t[i]!;
          if (10 + X[i]! === 10 + b[i]!) count++;
        }
        if (count < n) {
          f = fs(b);
          accpoint = Number.isFinite(f) && f <= fmin + gradproj * steplength * 1e-4;
          if (!accpoint) steplength *= 0.2;
        }
      } while (!(count === n || accpoint));
      const enough = Math.abs(f - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        fmin = f;
      }
      if (count < n) {
        fmin = f;
        gradient(fn, b, parscale, ndeps, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i]!;
          c[i] = g[i]! - c[i]!;
          D1 += t[i]! * c[i]!;
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i]![j]! * c[j]!;
            for (let j = i + 1; j < n; j++) s += B[j]![i]! * c[j]!;
            X[i] = s;
            D2 += s * c[i]!;
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++)
            for (let j = 0; j <= i; j++)
              B[i]![j]! += (D2 * t[i]! * t[j]! - X[i]! * t[j]! - t[i]! * X[j]!) / D1;
        } else ilast = gradcount;
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return result(iter < maxit ? 0 : 1, fmin);
}

/**
 * The Hessian of f at x by central differences of numerical gradients, symmetrised, as R's
 * `optim(hessian = TRUE)` computes it (steps ndeps / parscale in scaled units).
 */
export function numericHessian(
  fn: (x: Float64Array) => number,
  x: ArrayLike<number>,
  options: Pick<BfgsOptions, 'parscale' | 'ndeps'> = {},
): Float64Array[] {
  const n = x.length;
  const parscale = options.parscale ?? new Float64Array(n).fill(1);
  const ndeps = options.ndeps ?? 1e-3;
  const scaled = Float64Array.from(x, (v, i) => v / parscale[i]!);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const h = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const eps = ndeps / parscale[i]!;
    scaled[i]! += eps;
    gradient(fn, scaled, parscale, ndeps, up);
    scaled[i]! -= 2 * eps;
    gradient(fn, scaled, parscale, ndeps, down);
    for (let j = 0; j < n; j++) h[i]![j] = (up[j]! - down[j]!) / (2 * eps * parscale[i]! * parscale[j]!);
    scaled[i]! += eps;
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (h[i]![j]! + h[j]![i]!);
      h[i]![j] = h[j]![i] = mean;
    }
  return h;
}
