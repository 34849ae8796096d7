import { classicalDecomposition } from '../smoothing.js';
import { LOWER, UPPER } from './ets-bounds.js';
import type { EtsSpec } from './ets-model.js';

/**
 * Starting smoothing parameters as forecast's `initparam` picks them: α a fifth of the way into its
 * range divided by m, β and γ a tenth and a twentieth of theirs, φ 99% of the way.
 */
export function initialParameters(spec: EtsSpec, m: number): number[] {
  const alpha = LOWER[0] + (0.2 * (UPPER[0] - LOWER[0])) / m;
  const out = [alpha];
  if (spec.trend !== 'N') out.push(LOWER[1] + 0.1 * (Math.min(UPPER[1], alpha) - LOWER[1]));
  if (spec.season !== 'N') out.push(LOWER[2] + 0.05 * (Math.min(UPPER[2], 1 - alpha) - LOWER[2]));
  if (spec.damped) out.push(LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]));
  return out;
}

/**
 * Starting states as forecast's `initstate` makes them: the season from a classical decomposition
 * (from a linear trend plus one Fourier pair when there are fewer than three seasons), then level and
 * trend from the first max(10, 2m) seasonally adjusted values. Returns ℓ0, b0 (with a trend) and the
 * m − 1 free seasonal states s0..s_{m−2} (most recent first), the order the optimiser sees.
 */
export function initialStates(y: ArrayLike<number>, spec: EtsSpec, m: number): number[] {
  const n = y.length;
  let adjusted: ArrayLike<number> = y;
  let seasonal: number[] = [];
  if (spec.season !== 'N') {
    if (n < 4) throw new RangeError('too few values to initialise a seasonal model');
    const figure = seasonalFigure(y, m, spec.season);
    // R's rev(seasonal[2:m]): positions m−1 down to 1 of the season that starts at the first value.
    for (let j = m - 1; j >= 1; j--) seasonal.push(figure(j));
    if (spec.season === 'A') adjusted = Array.from(y, (v, t) => v - figure(t));
    else {
      seasonal = seasonal.map((v) => Math.max(v, 1e-2));
      const sum = seasonal.reduce((a, v) => a + v, 0);
      if (sum > m) {
        const scale = seasonal.reduce((a, v) => a + v + 1e-2, 0);
        seasonal = seasonal.map((v) => v / scale);
      }
      adjusted = Array.from(y, (v, t) => v / Math.max(figure(t), 1e-2));
    }
  }
  const k = spec.season === 'N' ? 1 : m;
  const maxn = Math.min(Math.max(10, 2 * k), n);
  if (spec.trend === 'N') {
    let l0 = 0;
    for (let t = 0; t < maxn; t++) l0 += adjusted[t]!;
    return [l0 / maxn, ...seasonal];
  }
  let [l0, b0] = lineFit(adjusted, maxn);
  if (Math.abs(l0 + b0) < 1e-8) [l0, b0] = [l0 * (1 + 1e-3), b0 * (1 - 1e-3)];
  return [l0, b0, ...seasonal];
}

/** Intercept and slope of the least-squares line through (t, y_{t−1}) for t = 1..k. */
function lineFit(y: ArrayLike<number>, k: number): [number, number] {
  const tMean = (k + 1) / 2;
  let yMean = 0;
  for (let t = 0; t < k; t++) yMean += y[t]! / k;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < k; t++) {
    sxy += (t + 1 - tMean) * (y[t]! - yMean);
    sxx += (t + 1 - tMean) ** 2;
  }
  const slope = sxy / sxx;
  return [yMean - slope * tMean, slope];
}

/**
 * The seasonal component at time t (0-based). From the classical decomposition with three seasons or
 * more; below that, the data less a linear trend (additive) or over it (multiplicative), the trend
 * fitted together with one Fourier pair: a rough start the optimiser then improves.
 */
function seasonalFigure(y: ArrayLike<number>, m: number, season: 'A' | 'M'): (t: number) => number {
  const n = y.length;
  if (n >= 3 * m) {
    const { figure } = classicalDecomposition(y, m, season === 'A' ? 'additive' : 'multiplicative');
    return (t) => figure[t % m]!;
  }
  const columns: ((t: number) => number)[] = [() => 1, (t) => t];
  // fourier(y, 1): sin and cos of 2πt/m; for m = 2 the sine is zero and left out.
  if (m > 2) columns.push((t) => Math.sin((2 * Math.PI * t) / m));
  columns.push((t) => Math.cos((2 * Math.PI * t) / m));
  const [a, b] = leastSquares(y, columns);
  return season === 'A' ? (t) => y[t]! - a! - b! * (t + 1) : (t) => y[t]! / (a! + b! * (t + 1));
}

/** Ordinary least squares of y on the given columns of t = 1..n, by the normal equations. */
function leastSquares(y: ArrayLike<number>, columns: ((t: number) => number)[]): number[] {
  const k = columns.length;
  const a = Array.from({ length: k }, () => new Float64Array(k + 1));
  for (let t = 1; t <= y.length; t++) {
    const x = columns.map((c) => c(t));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i]![j]! += x[i]! * x[j]!;
      a[i]![k]! += x[i]! * y[t - 1]!;
    }
  }
  return solve(a);
}

/** Solves the augmented system [A | b] by Gaussian elimination with partial pivoting. */
export function solve(a: Float64Array[]): number[] {
  const k = a.length;
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= a[r]![j]! * x[j]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}
