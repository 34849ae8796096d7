import type { Series } from '../series/series.js';
import { normalQuantile } from '../stats/normal.js';
import type { Forecast, ForecastOptions } from './forecast.js';
import { guarded } from './guarded.js';
import { checkValues, gaussianIntervals, horizon } from './inputs.js';
import { acf, classicalDecomposition, sesFit } from './smoothing.js';

/**
 * Whether a series is seasonal by the test `thetaf` applies: the lag-m autocorrelation exceeds its
 * 90% one-sided bound under the hypothesis of no seasonality (Bartlett's variance).
 */
export function seasonalityTest(values: ArrayLike<number>, period: number): boolean {
  const n = values.length;
  if (period <= 1 || n <= 2 * period) return false;
  const r = acf(values, period);
  let sum = 0;
  for (let k = 1; k < period; k++) sum += r[k]! ** 2;
  const limit = normalQuantile(0.95) * Math.sqrt((1 + 2 * sum) / n);
  return Math.abs(r[period]!) > limit;
}

/**
 * The Theta method as R's `forecast::thetaf` makes it (Assimakopoulos & Nikolopoulos 2000, in the form
 * of Hyndman & Billah 2003): seasonally adjusted by classical multiplicative decomposition when the
 * series tests seasonal, then simple exponential smoothing with half the linear trend's slope as drift,
 * reseasonalised; intervals of the SES model, f ± z σ √(1 + (h − 1) α²).
 *
 * @example
 * ```ts
 * const f = theta(series('AirPassengers', values, { period: 12 }), { h: 24 });
 * ```
 */
export function theta(s: Series, options: ForecastOptions): Forecast {
  return guarded(s, options, (x) => thetaOf(x, options));
}

function thetaOf(s: Series, options: ForecastOptions): Forecast {
  const { h, levels } = horizon(options);
  checkValues(s, 3, 'Theta');
  const x = s.values;
  const n = x.length;
  const m = s.period;
  const constant = x.every((v) => v === x[0]);
  const seasonal = !constant && seasonalityTest(x, m);
  const index = seasonal ? classicalDecomposition(x, m, 'multiplicative').figure : null;
  const adjusted = index ? x.map((v, t) => v / index[t % m]!) : x;

  // An ANN model has no season: ets takes its starting values as for period 1, whatever the data's.
  const ses = sesFit(adjusted, 1);
  const alpha = Math.max(ses.alpha, 1e-10);
  // Half the slope of the adjusted series' least-squares line on t = 0..n-1.
  const tMean = (n - 1) / 2;
  const yMean = adjusted.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (adjusted[t]! - yMean);
    sxx += (t - tMean) ** 2;
  }
  const drift = sxy / sxx / 2;
  const mean = new Float64Array(h);
  const se = new Float64Array(h);
  const sigma = Math.sqrt(ses.sigma2);
  for (let i = 0; i < h; i++) {
    const f = ses.level + drift * (i + (1 - (1 - alpha) ** n) / alpha);
    mean[i] = index ? f * index[(n + i) % m]! : f;
    se[i] = sigma * Math.sqrt(1 + i * alpha * alpha);
  }
  const intervals = gaussianIntervals(mean, se, levels);
  const fitted = index ? ses.fitted.map((v, t) => v * index[t % m]!) : ses.fitted;
  return { model: 'theta', mean, intervals, fitted, sigma2: ses.sigma2 };
}
