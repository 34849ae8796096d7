import { checkStop } from './stop-check.js';

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Stop when the worst vertex is within `reltol · (|f(x0)| + reltol)` of the best. @defaultValue `1.49e-8` (√ε) */
  readonly reltol?: number;
  /** Most function evaluations. @defaultValue `2000` */
  readonly maxEvaluations?: number;
}

/** Where a minimisation ended. */
export interface Minimum {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** Whether it stopped by its tolerance rather than by the evaluation limit or a stalled shrink. */
  readonly converged: boolean;
}

/** What an infeasible or non-finite point is worth: the search moves away from it. */
const BIG = 1e35;

/**
 * Minimises `f` by the Nelder–Mead simplex method in the variant of Nash (Compact Numerical Methods,
 * algorithm 19), the one R's optimisers use: a start simplex of x0 and x0 + s·eᵢ with s = 0.1·max|x0ᵢ|,
 * reflection 1, expansion 2, contraction 0.5 and shrinking toward the best vertex, stopping when the
 * spread of the function values is within a relative tolerance of f(x0). Following its path matters
 * as much as reaching a minimum: a forecaster that must give R's answer must stop where R stops.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): Minimum {
  const reltol = options.reltol ?? 1.49e-8;
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const n = x0.length;
  let evaluations = 0;
  const value = (x: Float64Array) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : BIG;
  };
  const start = Float64Array.from(x0);
  const f0 = value(start);
  const tol = reltol * (Math.abs(f0) + reltol);
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(start[i]!));
  if (step === 0) step = 0.1;
  const points: Float64Array[] = [start];
  const values: number[] = [f0];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    // A step too small to change the coordinate (a huge value) grows tenfold until it does.
    let s = step;
    // (An infinite coordinate never changes: the search starts there and finds every point infinite.)
    while (p[i] === start[i] && Number.isFinite(start[i])) {
      p[i] = start[i]! + s;
      s *= 10;
    }
    size += s;
    points.push(p);
    values.push(value(p));
  }
  let lastSize = size;
  let best = 0;
  for (;;) {
    checkStop();
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (values[j]! < values[best]!) best = j;
      if (values[j]! > values[worst]!) worst = j;
    }
    if (values[worst]! <= values[best]! + tol)
      return { x: points[best]!, value: values[best]!, evaluations, converged: true };
    if (evaluations > maxEvaluations) break;
    const centre = new Float64Array(n);
    for (let j = 0; j <= n; j++)
      if (j !== worst) for (let i = 0; i < n; i++) centre[i]! += points[j]![i]! / n;
    const reflected = centre.map((c, i) => 2 * c - points[worst]![i]!);
    const fr = value(reflected);
    if (fr < values[best]!) {
      const expanded = reflected.map((r, i) => 2 * r - centre[i]!);
      const fe = value(expanded);
      [points[worst], values[worst]] = fe < fr ? [expanded, fe] : [reflected, fr];
      continue;
    }
    const fWorst = values[worst]!;
    if (fr < fWorst) [points[worst], values[worst]] = [reflected, fr];
    const contracted = points[worst]!.map((p, i) => 0.5 * p + 0.5 * centre[i]!);
    const fc = value(contracted);
    if (fc < values[worst]!) {
      [points[worst], values[worst]] = [contracted, fc];
    } else if (fr >= fWorst) {
      // Nothing better along the line: shrink every vertex halfway toward the best.
      size = 0;
      for (let j = 0; j <= n; j++) {
        if (j === best) continue;
        const p = points[j]!;
        for (let i = 0; i < n; i++) {
          p[i] = 0.5 * (p[i]! - points[best]![i]!) + points[best]![i]!;
          size += Math.abs(p[i]! - points[best]![i]!);
        }
        values[j] = value(p);
      }
      if (size >= lastSize) break;
      lastSize = size;
    }
  }
  return { x: points[best]!, value: values[best]!, evaluations, converged: false };
}
