import { isStrataError } from '@strata/core';
import { minRootModulusOfOnePlus } from '../../stats/polynomial.js';
import { checkStop } from '../../stats/stop-check.js';
import { seasonalStrength } from '../../stats/stl.js';
import { difference, isConstant, kpssDifferences } from '../../stats/unit-root.js';
import { fitArima, residualSumOfSquares, type ArimaConstant, type ArimaFit } from './arima-fit.js';
import type { ArimaOrder } from './arima-params.js';

/** The longest seasonal period the ARIMA search models (a daily series' yearly season is 365). */
export const MAX_SEASONAL_PERIOD = 400;

/** Options of the automatic ARIMA search; defaults are forecast 8.20's `auto.arima`. */
export interface AutoArimaOptions {
  readonly maxP?: number;
  readonly maxQ?: number;
  readonly maxSeasonalP?: number;
  readonly maxSeasonalQ?: number;
  readonly maxD?: number;
  readonly maxSeasonalD?: number;
  /** Fixed differencing orders instead of the unit-root tests. */
  readonly d?: number;
  readonly D?: number;
  readonly ic?: 'aicc' | 'aic' | 'bic';
  /** Most models the stepwise search fits. @defaultValue `94` */
  readonly maxModels?: number;
  /** Search by CSS and refit by ML. @defaultValue n > 150 or m > 12 */
  readonly approximation?: boolean;
  readonly allowDrift?: boolean;
  readonly allowMean?: boolean;
}

/** One model the search scored. */
export interface ArimaCandidate {
  readonly order: ArimaOrder;
  readonly constant: boolean;
  readonly ic: number;
}

/** The chosen model with the information its forecasts need. */
export interface ArimaSelection {
  readonly fit: ArimaFit;
  /** The criterion's value of the final fit. */
  readonly ic: number;
  /** σ² for intervals: Σe² / (n − d − Dm − k), k the estimated coefficients. */
  readonly sigma2: number;
  readonly candidates: readonly ArimaCandidate[];
}

/** R's name of a fitted model, e.g. `ARIMA(0,1,1)(0,1,1)[12]`, `ARIMA(2,0,2) with non-zero mean`. */
export function arimaName(o: ArimaOrder, constant: ArimaConstant): string {
  let s = `ARIMA(${o.p},${o.d},${o.q})`;
  if (o.m > 1 && o.P + o.D + o.Q > 0) s += `(${o.P},${o.D},${o.Q})[${o.m}]`;
  if (constant === 'drift') return `${s} with drift`;
  if (constant === 'mean') return `${s} with non-zero mean`;
  if (o.d === 0 && o.D === 0) return `${s} with zero mean`;
  return s;
}

interface Scored {
  readonly fit: ArimaFit | null;
  readonly ic: number;
  readonly sigma2: number;
}

/**
 * Fits one candidate as forecast's `myarima` scores it: CSS with the offset that puts CSS and ML
 * criteria on one scale when approximating; infinitely bad when the fit fails, when a root of the AR
 * or MA polynomial is within 1.01 of the unit circle, or when a coefficient variance is negative.
 */
function score(
  x: Float64Array,
  order: ArimaOrder,
  withConstant: boolean,
  ic: 'aicc' | 'aic' | 'bic',
  approximation: boolean,
  offset: number,
): Scored {
  const diffs = order.d + order.D;
  const constant: ArimaConstant = !withConstant
    ? 'none'
    : diffs === 1
      ? 'drift'
      : diffs === 0
        ? 'mean'
        : 'none';
  let fit: ArimaFit;
  try {
    fit = fitArima(x, order, constant, approximation ? 'CSS' : 'CSS-ML');
  } catch (err) {
    if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
    return { fit: null, ic: Infinity, sigma2: NaN };
  }
  const nstar = x.length - order.d - order.D * order.m;
  const npar = fit.coef.length + 1;
  const aic = fit.method === 'CSS' ? offset + nstar * Math.log(fit.sigma2) + 2 * npar : fit.aic;
  let value = Infinity;
  if (!Number.isNaN(aic)) {
    value =
      ic === 'aic'
        ? aic
        : ic === 'bic'
          ? aic + npar * (Math.log(nstar) - 2)
          : aic + (2 * npar * (npar + 1)) / (nstar - npar - 1);
  }
  const sigma2 = residualSumOfSquares(fit) / (nstar - npar + 1);
  const { phi, theta } = fit.model;
  const minRoot = Math.min(2, minRootModulusOfOnePlus(phi.map((v) => -v)), minRootModulusOfOnePlus(theta));
  const badVariance = fit.varCoef.some((row, i) => !(row[i]! >= 0));
  if (minRoot < 1.01 || badVariance) value = Infinity;
  return { fit, ic: value, sigma2 };
}

/** Seasonal differences by STL seasonal strength above 0.64 (forecast's `nsdiffs(test = "seas")`). */
function seasonalDifferences(x: Float64Array, m: number, maxD: number): number {
  if (isConstant(x) || m >= x.length || maxD < 1) return 0;
  return seasonalStrength(x, m) > 0.64 ? 1 : 0;
}

/**
 * The stepwise search of Hyndman & Khandakar (2008) as forecast 8.20's `auto.arima` runs it: D by
 * seasonal strength, d by KPSS tests, then from ARIMA(2,d,2)(1,D,1) (and three simple models) moving
 * one order (or one AR and one MA order together, or the constant) at a time while the AICc improves,
 * by CSS when approximating and with the best models refitted by maximum likelihood at the end.
 * A period past {@link MAX_SEASONAL_PERIOD} is searched as non-seasonal. Throws a RangeError when no
 * model can be fitted.
 */
export function autoArima(
  values: ArrayLike<number>,
  period: number,
  options: AutoArimaOptions = {},
): ArimaSelection {
  const x = Float64Array.from(values);
  const n = x.length;
  // A seasonal ARIMA of period m has a state of more than m values and a covariance of its square,
  // updated at every step: past MAX_SEASONAL_PERIOD the search fits non-seasonal models only.
  const m = period > MAX_SEASONAL_PERIOD ? 1 : Math.max(1, Math.round(period));
  let ic = options.ic ?? 'aicc';
  const candidates: ArimaCandidate[] = [];
  let maxp = Math.min(options.maxP ?? 5, Math.floor(n / 3));
  let maxq = Math.min(options.maxQ ?? 5, Math.floor(n / 3));
  let maxP = Math.min(options.maxSeasonalP ?? 2, Math.floor(n / 3 / m));
  let maxQ = Math.min(options.maxSeasonalQ ?? 2, Math.floor(n / 3 / m));
  if (n <= 3) ic = 'aic';

  let D: number;
  if (m === 1) {
    D = 0;
    maxP = maxQ = 0;
  } else if (options.D !== undefined) D = options.D;
  else if (n <= 2 * m) D = 0;
  else D = seasonalDifferences(x, m, options.maxSeasonalD ?? 1);
  let dx: Float64Array = D > 0 ? difference(x, m) : x;
  if (D > 0 && dx.length === 0) {
    D = 0;
    dx = x;
  }
  let d = options.d ?? kpssDifferences(dx, options.maxD ?? 2);
  if (d > 0 && dx.length <= d) d = dx.length - 1;
  for (let i = 0; i < d; i++) dx = difference(dx);
  if (dx.length === 0) throw new RangeError('not enough data to fit an ARIMA model');
  const orderOf = (p: number, q: number, sp: number, sq: number): ArimaOrder => ({
    p,
    d,
    q,
    P: sp,
    D,
    Q: sq,
    m,
  });

  if (isConstant(dx)) return constantDifferences(x, dx, d, D, m, ic);

  if (m > 1) {
    if (maxP > 0) maxp = Math.min(maxp, m - 1);
    if (maxQ > 0) maxq = Math.min(maxq, m - 1);
  }
  const approximation = options.approximation ?? (n > 150 || m > 12);
  let offset = 0;
  if (approximation) {
    try {
      const base = fitArima(x, orderOf(0, 0, 0, 0), d + D === 0 ? 'mean' : 'none');
      offset = -2 * base.loglik - n * Math.log(base.sigma2);
    } catch (err) {
      if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
      offset = 0;
    }
  }
  const allowDrift = (options.allowDrift ?? true) && d + D === 1;
  const allowMean = (options.allowMean ?? true) && d + D === 0;
  let constant = allowDrift || allowMean;

  let [startp, startq, startP, startQ] = [2, 2, 1, 1];
  if (n < 10) [startp, startq, startP, startQ] = [1, 1, 0, 0];
  let p = Math.min(startp, maxp);
  let q = Math.min(startq, maxq);
  let P = Math.min(startP, maxP);
  let Q = Math.min(startQ, maxQ);
  const maxModels = options.maxModels ?? 94;

  const tried = (pp: number, qq: number, sp: number, sq: number, c: boolean) =>
    candidates.some(
      (r) => r.order.p === pp && r.order.q === qq && r.order.P === sp && r.order.Q === sq && r.constant === c,
    );
  const run = (pp: number, qq: number, sp: number, sq: number, c: boolean) => {
    checkStop();
    const s = score(x, orderOf(pp, qq, sp, sq), c, ic, approximation, offset);
    candidates.push({ order: orderOf(pp, qq, sp, sq), constant: c, ic: s.ic });
    return s;
  };

  let best = run(p, q, P, Q, constant);
  let fit = run(0, 0, 0, 0, constant);
  if (fit.ic < best.ic) {
    best = fit;
    p = q = P = Q = 0;
  }
  if (maxp > 0 || maxP > 0) {
    const [pp, sp] = [maxp > 0 ? 1 : 0, m > 1 && maxP > 0 ? 1 : 0];
    fit = run(pp, 0, sp, 0, constant);
    if (fit.ic < best.ic) {
      best = fit;
      [p, P, q, Q] = [pp, sp, 0, 0];
    }
  }
  if (maxq > 0 || maxQ > 0) {
    const [qq, sq] = [maxq > 0 ? 1 : 0, m > 1 && maxQ > 0 ? 1 : 0];
    fit = run(0, qq, 0, sq, constant);
    if (fit.ic < best.ic) {
      best = fit;
      [p, P, q, Q] = [0, 0, qq, sq];
    }
  }
  if (constant) {
    fit = run(0, 0, 0, 0, false);
    if (fit.ic < best.ic) {
      best = fit;
      p = q = P = Q = 0;
    }
  }

  // Neighbours in forecast's order: seasonal moves, then non-seasonal, then the constant.
  const moves: [number, number, number, number][] = [
    [0, 0, -1, 0],
    [0, 0, 0, -1],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, -1, -1],
    [0, 0, -1, 1],
    [0, 0, 1, -1],
    [0, 0, 1, 1],
    [-1, 0, 0, 0],
    [0, -1, 0, 0],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [-1, -1, 0, 0],
    [-1, 1, 0, 0],
    [1, -1, 0, 0],
    [1, 1, 0, 0],
  ];
  let k = candidates.length;
  let startk = 0;
  search: while (startk < k && k < maxModels) {
    startk = k;
    for (const [dp, dq, dP, dQ] of moves) {
      const [np, nq, nP, nQ] = [p + dp, q + dq, P + dP, Q + dQ];
      if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxp || nq > maxq || nP > maxP || nQ > maxQ) continue;
      if (tried(np, nq, nP, nQ, constant)) continue;
      k++;
      if (k > maxModels) continue search;
      fit = run(np, nq, nP, nQ, constant);
      if (fit.ic < best.ic) {
        best = fit;
        [p, q, P, Q] = [np, nq, nP, nQ];
        continue search;
      }
    }
    if ((allowDrift || allowMean) && !tried(p, q, P, Q, !constant)) {
      k++;
      if (k > maxModels) continue;
      fit = run(p, q, P, Q, !constant);
      if (fit.ic < best.ic) {
        best = fit;
        constant = !constant;
      }
    }
  }

  if (approximation && best.fit) {
    // Refit by maximum likelihood, best CSS score first, until one fits.
    const order = candidates
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.ic - b.c.ic || a.i - b.i)
      .map((e) => e.c);
    for (const c of order) {
      const s = score(x, c.order, c.constant, ic, false, 0);
      if (s.ic < Infinity) {
        best = s;
        break;
      }
    }
  }
  if (!best.fit || best.ic === Infinity) throw new RangeError('no suitable ARIMA model found');
  return { fit: best.fit, ic: best.ic, sigma2: best.sigma2, candidates };
}

/** The differenced series is constant: a model with no ARMA part and a fixed constant, as forecast does. */
function constantDifferences(
  x: Float64Array,
  dx: Float64Array,
  d: number,
  D: number,
  m: number,
  ic: 'aicc' | 'aic' | 'bic',
): ArimaSelection {
  const order: ArimaOrder = { p: 0, d, q: 0, P: 0, D, Q: 0, m };
  const mean = dx.reduce((a, v) => a + v, 0) / dx.length;
  let fit: ArimaFit;
  if (D > 0 && d === 0) fit = fitArima(x, order, 'drift', 'CSS-ML', mean / m);
  else if (D > 0 || d === 2) fit = fitArima(x, order, 'none');
  else if (d < 2) fit = fitArima(x, order, d === 1 ? 'drift' : 'mean', 'CSS-ML', mean);
  else throw new RangeError('the data follow a simple polynomial and are not suitable for ARIMA modelling');
  const nstar = x.length - d - D * m;
  // One parameter counted (σ), none estimated: Σe² / nstar, as forecast's Arima.
  const sigma2 = residualSumOfSquares(fit) / nstar;
  return { fit, ic: ic === 'aic' ? fit.aic : NaN, sigma2, candidates: [] };
}
