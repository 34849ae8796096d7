import { bfgs, numericHessian } from '../../stats/bfgs.js';
import { minRootModulusOfOnePlus } from '../../stats/polynomial.js';
import { conditionalSumOfSquares } from './arima-css.js';
import { kalmanFilter } from './arima-filter.js';
import { arimaStateSpace, type ArimaStateSpace } from './arima-kalman.js';
import {
  differencingPolynomial,
  expandArma,
  invertMa,
  invertTransform,
  transformJacobian,
  undoTransform,
  type ArimaOrder,
} from './arima-params.js';

/** The deterministic term: none, a mean (undifferenced models) or a drift (one difference). */
export type ArimaConstant = 'none' | 'mean' | 'drift';

/** How to fit: exact likelihood started from CSS estimates (R's default), or CSS alone. */
export type ArimaMethod = 'CSS-ML' | 'CSS';

/** A fitted ARIMA model. */
export interface ArimaFit {
  readonly order: ArimaOrder;
  readonly constant: ArimaConstant;
  /** [ar, ma, sar, sma] then the mean or drift coefficient. */
  readonly coef: Float64Array;
  /** σ² as R's arima reports it: Σv²/F over the observations used. */
  readonly sigma2: number;
  /** Log-likelihood (ML) or NaN (CSS). */
  readonly loglik: number;
  readonly aic: number;
  /** Covariance of the estimated coefficients (from the numerical Hessian). */
  readonly varCoef: Float64Array[];
  /** Innovations (standardised Kalman innovations for ML, CSS residuals for CSS). */
  readonly residuals: Float64Array;
  /** Observations after differencing. */
  readonly nUsed: number;
  /** The state space model at the end of the data, from which forecasts start. */
  readonly model: ArimaStateSpace;
  readonly method: ArimaMethod;
}

/** Σe² over a fit's residuals, missing ones left out: forecast's σ² numerator. */
export function residualSumOfSquares(fit: ArimaFit): number {
  let ss = 0;
  for (const e of fit.residuals) if (!Number.isNaN(e)) ss += e * e;
  return ss;
}

/** A fit that R's arima would stop with an error: the model search scores it as infinitely bad. */
export class ArimaFitError extends Error {}

const arCheck = (ar: ArrayLike<number>) => minRootModulusOfOnePlus(Array.from(ar, (v) => -v)) > 1;

/** Inverse of a small dense matrix by Gauss–Jordan elimination; throws when (numerically) singular. */
export function invert(a: Float64Array[]): Float64Array[] {
  const n = a.length;
  const m = a.map((row, i) => {
    const out = new Float64Array(2 * n);
    out.set(row);
    out[n + i] = 1;
    return out;
  });
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (m[pivot]![c] === 0 || !Number.isFinite(m[pivot]![c]!)) throw new ArimaFitError('singular Hessian');
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const inv = 1 / m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! *= inv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const out = m.map((row) => row.slice(n));
  // As R's solve(): refuse when the reciprocal condition number (1-norm) is below machine epsilon.
  const norm1 = (x: Float64Array[]) =>
    Math.max(...x[0]!.map((_, j) => x.reduce((s, row) => s + Math.abs(row[j]!), 0)));
  if (1 / (norm1(a) * norm1(out)) < 2.220446e-16) throw new ArimaFitError('computationally singular Hessian');
  return out;
}

/**
 * Fits a seasonal ARIMA as R's `stats::arima` does: by conditional sum of squares, then (CSS-ML) by
 * exact Gaussian likelihood through the Kalman filter, both with BFGS, AR parameters kept stationary
 * through the partial-autocorrelation transform, the MA part made invertible at the end, and the
 * coefficient covariance from the numerical Hessian. A mean or drift enters as a regression term.
 * `fixedConstant` fixes that term and estimates nothing else (for models with no ARMA part).
 * Throws {@link ArimaFitError} where R's arima stops with an error.
 */
export function fitArima(
  x: Float64Array,
  order: ArimaOrder,
  constant: ArimaConstant,
  method: ArimaMethod = 'CSS-ML',
  fixedConstant?: number,
): ArimaFit {
  const n = x.length;
  const { p, q, P, Q, m } = order;
  const delta = differencingPolynomial(order);
  const narma = p + q + P + Q;
  const nd = order.d + order.D;
  const xreg =
    constant === 'mean' && nd === 0
      ? Float64Array.from({ length: n }, () => 1)
      : constant === 'drift'
        ? Float64Array.from({ length: n }, (_, i) => i + 1)
        : null;
  const ncxreg = xreg ? 1 : 0;
  const nUsed = n - delta.length;
  if (nUsed <= 0) throw new ArimaFitError('too few observations');
  const init0 = new Float64Array(narma + ncxreg);
  const parscale = new Float64Array(narma + ncxreg).fill(1);
  if (xreg) {
    // Start the regression coefficient at its least-squares value on the differenced data.
    let dx: Float64Array = Float64Array.from(x);
    let dr: Float64Array = Float64Array.from(xreg);
    const diff = (v: Float64Array, lag: number) => v.subarray(lag).map((w, i) => w - v[i]!);
    for (let i = 0; i < order.d; i++) [dx, dr] = [diff(dx, 1), diff(dr, 1)];
    for (let i = 0; i < order.D; i++) [dx, dr] = [diff(dx, m), diff(dr, m)];
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < dx.length; i++) {
      sxy += dx[i]! * dr[i]!;
      sxx += dr[i]! * dr[i]!;
    }
    const beta = sxy / sxx;
    let rss = 0;
    for (let i = 0; i < dx.length; i++) rss += (dx[i]! - beta * dr[i]!) ** 2;
    init0[narma] = beta;
    parscale[narma] = 10 * Math.sqrt(rss / (dx.length - 1) / sxx);
  }
  if (fixedConstant !== undefined) init0[narma] = fixedConstant;
  // Nothing to estimate: a fixed constant, or a pure differencing model.
  const fixed = fixedConstant !== undefined || init0.length === 0;
  const adjusted = (beta: number) => (xreg ? x.map((v, i) => v - beta * xreg[i]!) : x);
  const ncondCss = order.d + order.D * m + p + m * P;

  const cssObjective = (par: Float64Array) => {
    const { phi, theta } = expandArma(par, order, false);
    return 0.5 * Math.log(conditionalSumOfSquares(adjusted(par[narma] ?? 0), order, phi, theta, ncondCss));
  };
  const mlObjective = (par: Float64Array, transform: boolean) => {
    const { phi, theta } = expandArma(par, order, transform);
    let s: ArimaStateSpace;
    try {
      s = arimaStateSpace(phi, theta, delta);
    } catch {
      return Number.MAX_VALUE;
    }
    const k = kalmanFilter(s, adjusted(par[narma] ?? 0));
    const s2 = k.ssq / k.count;
    return 0.5 * (Math.log(s2) + k.sumlog / k.count);
  };

  if (method === 'CSS') {
    let coef: Float64Array = init0;
    let hessian: Float64Array[] = [];
    if (!fixed) {
      const res = bfgs(cssObjective, init0, { parscale });
      coef = res.x;
      hessian = numericHessian(cssObjective, coef, { parscale });
    }
    const { phi, theta } = expandArma(coef, order, false);
    const model = arimaStateSpace(phi, theta, delta);
    const y = adjusted(coef[narma] ?? 0);
    kalmanFilter(model, y);
    const residuals = new Float64Array(n);
    const sigma2 = conditionalSumOfSquares(y, order, phi, theta, ncondCss, residuals);
    const varCoef = fixed ? [] : invert(hessian.map((row) => row.map((v) => v * nUsed)));
    return { order, constant, coef, sigma2, loglik: NaN, aic: NaN, varCoef, residuals, nUsed, model, method };
  }

  let init: Float64Array = Float64Array.from(init0);
  let value: number;
  let coef: Float64Array;
  let varCoef: Float64Array[] = [];
  if (fixed) {
    coef = init;
    value = mlObjective(coef, false);
  } else {
    const css = bfgs(cssObjective, init0, { parscale });
    if (css.code === 0) init = Float64Array.from(css.x);
    if (p > 0 && !arCheck(init.subarray(0, p))) throw new ArimaFitError('non-stationary AR part from CSS');
    if (P > 0 && !arCheck(init.subarray(p + q, p + q + P)))
      throw new ArimaFitError('non-stationary seasonal AR part from CSS');
    init = invertTransform(init, order);
    if (q > 0) init.set(invertMa(init.subarray(p, p + q)), p);
    if (Q > 0) init.set(invertMa(init.subarray(p + q + P, p + q + P + Q)), p + q + P);
    const objective = (par: Float64Array) => mlObjective(par, true);
    const res = bfgs(objective, init, { parscale });
    coef = Float64Array.from(res.x);
    if (q > 0) coef.set(invertMa(coef.subarray(p, p + q)), p);
    if (Q > 0) coef.set(invertMa(coef.subarray(p + q + P, p + q + P + Q)), p + q + P);
    value = coef.some((v, i) => v !== res.x[i]) ? objective(coef) : res.value;
    const hessian = numericHessian(objective, coef, { parscale });
    const A = transformJacobian(coef, order);
    const inverse = invert(hessian.map((row) => row.map((v) => v * nUsed)));
    // var = A′ (n H)⁻¹ A.
    const k = coef.length;
    varCoef = Array.from({ length: k }, (_, i) =>
      Float64Array.from({ length: k }, (_, j) => {
        let s = 0;
        for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) s += A[u]![i]! * inverse[u]![v]! * A[v]![j]!;
        return s;
      }),
    );
    coef = undoTransform(coef, order);
  }
  const { phi, theta } = expandArma(coef, order, false);
  const model = arimaStateSpace(phi, theta, delta);
  const residuals = new Float64Array(n);
  const pass = kalmanFilter(model, adjusted(coef[narma] ?? 0), residuals);
  const sigma2 = pass.ssq / nUsed;
  const minus2loglik = 2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI);
  const free = fixedConstant !== undefined ? 0 : coef.length;
  return {
    order,
    constant,
    coef,
    sigma2,
    loglik: -0.5 * minus2loglik,
    aic: minus2loglik + 2 * free + 2,
    varCoef,
    residuals,
    nUsed,
    model,
    method: 'CSS-ML',
  };
}
