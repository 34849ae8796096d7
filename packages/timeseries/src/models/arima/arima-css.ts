import type { ArimaOrder } from './arima-params.js';

/**
 * The conditional sum of squares of an ARIMA model: difference x, then run the ARMA recursion from
 * observation `ncond` with earlier innovations taken as zero. Returns Σe²/count and, when asked, the
 * innovations (zero before `ncond`). R's `arima(method = "CSS")` objective.
 */
export function conditionalSumOfSquares(
  x: ArrayLike<number>,
  o: ArimaOrder,
  phi: Float64Array,
  theta: Float64Array,
  ncond: number,
  residuals?: Float64Array,
): number {
  const n = x.length;
  const w = Float64Array.from(x);
  for (let i = 0; i < o.d; i++) for (let l = n - 1; l > 0; l--) w[l]! -= w[l - 1]!;
  for (let i = 0; i < o.D; i++) for (let l = n - 1; l >= o.m; l--) w[l]! -= w[l - o.m]!;
  const resid = residuals ?? new Float64Array(n);
  resid.fill(0, 0, Math.min(ncond, n));
  const p = phi.length;
  const q = theta.length;
  let ssq = 0;
  let count = 0;
  for (let l = ncond; l < n; l++) {
    let e = w[l]!;
    for (let j = 0; j < p; j++) e -= phi[j]! * w[l - j - 1]!;
    const jmax = Math.min(l - ncond, q);
    for (let j = 0; j < jmax; j++) e -= theta[j]! * resid[l - j - 1]!;
    resid[l] = e;
    if (!Number.isNaN(e)) {
      count++;
      ssq += e * e;
    }
  }
  return ssq / count;
}
