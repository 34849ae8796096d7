import type { Series } from '../../series/series.js';
import type { Forecast, ForecastOptions } from '../forecast.js';
import { guarded } from '../guarded.js';
import { checkValues, gaussianIntervals, horizon } from '../inputs.js';
import { fitArima, residualSumOfSquares, type ArimaConstant } from './arima-fit.js';
import { kalmanForecast } from './arima-kalman.js';
import type { ArimaOrder } from './arima-params.js';
import { arimaName, autoArima, type ArimaSelection, type AutoArimaOptions } from './auto-arima.js';

/** Options of {@link arima}: the horizon and levels, and either a fixed order or the search's limits. */
export interface ArimaOptions extends ForecastOptions, AutoArimaOptions {
  /** Fit this order instead of searching; the seasonal period is the series'. */
  readonly order?: Omit<ArimaOrder, 'm'>;
  /** With `order`: the constant term. @defaultValue a mean when undifferenced, a drift with one difference */
  readonly constant?: ArimaConstant;
}

/**
 * ARIMA forecasts as R's `forecast(auto.arima(y))` makes them: the model chosen by the stepwise AICc
 * search (or the order given), its Kalman-filter forecasts plus the mean or drift, and Gaussian
 * intervals from the state covariance. Throws `SERIES_MISSING_VALUE` for gaps and `SERIES_TOO_SHORT`
 * below 3 values.
 *
 * @example
 * ```ts
 * const f = arima(series('AirPassengers', values, { period: 12 }), { h: 24 });
 * f.model; // 'ARIMA(1,1,0)(0,1,0)[12]'
 * ```
 */
export function arima(s: Series, options: ArimaOptions): Forecast & { readonly selection: ArimaSelection } {
  return guarded(s, options, (x) => arimaOf(x, options));
}

function arimaOf(s: Series, options: ArimaOptions): Forecast & { readonly selection: ArimaSelection } {
  const { h, levels } = horizon(options);
  checkValues(s, 3, 'ARIMA');
  const x = s.values;
  const n = x.length;
  if (x.every((v) => v === x[0])) return constantForecast(s, h, levels);
  const selection = options.order
    ? fixedOrder(s, options.order, options.constant)
    : autoArima(x, s.period, options);
  const { fit, sigma2 } = selection;
  const { mean, variance } = kalmanForecast(fit.model, h);
  const beta = fit.coef[fit.coef.length - 1]!;
  for (let i = 0; i < h; i++) {
    if (fit.constant === 'mean') mean[i]! += beta;
    if (fit.constant === 'drift') mean[i]! += beta * (n + i + 1);
  }
  const se = variance.map((v) => Math.sqrt(v * sigma2));
  const fitted = new Float64Array(n);
  for (let t = 0; t < n; t++) fitted[t] = x[t]! - fit.residuals[t]!;
  return {
    model: arimaName(fit.order, fit.constant),
    mean,
    intervals: gaussianIntervals(mean, se, levels),
    fitted,
    sigma2,
    ...(options.ic === undefined || options.ic === 'aicc' ? { aicc: selection.ic } : {}),
    selection,
  };
}

function fixedOrder(s: Series, order: Omit<ArimaOrder, 'm'>, constant?: ArimaConstant): ArimaSelection {
  const o = { ...order, m: s.period };
  const diffs = o.d + o.D;
  const c = constant ?? (diffs === 0 ? 'mean' : diffs === 1 ? 'drift' : 'none');
  const fit = fitArima(s.values, o, c);
  const nstar = s.values.length - o.d - o.D * o.m;
  return { fit, ic: fit.aic, sigma2: residualSumOfSquares(fit) / (nstar - fit.coef.length), candidates: [] };
}

/** A constant series: R fits ARIMA(0,0,0) with the mean fixed, and forecasts it with no spread. */
function constantForecast(
  s: Series,
  h: number,
  levels: readonly number[],
): Forecast & { selection: ArimaSelection } {
  const x = s.values;
  const fit = fitArima(x, { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, m: s.period }, 'mean', 'CSS-ML', x[0]);
  const mean = new Float64Array(h).fill(x[0]!);
  return {
    model: 'ARIMA(0,0,0) with non-zero mean',
    mean,
    intervals: gaussianIntervals(mean, new Float64Array(h), levels),
    fitted: new Float64Array(x.length).fill(x[0]!),
    sigma2: 0,
    selection: { fit, ic: NaN, sigma2: 0, candidates: [] },
  };
}
