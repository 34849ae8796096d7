import type { Series } from '../series/series.js';
import { studentTQuantile } from '../stats/student-t.js';
import type { Forecast, ForecastOptions } from './forecast.js';
import { guarded } from './guarded.js';
import { checkValues, gaussianIntervals as gaussian, horizon } from './inputs.js';

/**
 * A random walk on lag `lag` (naive for 1, seasonal naive for m), with drift if asked, as R's forecast
 * does it (`lagwalk`): forecasts repeat the last `lag` values, plus the drift per completed lag; the
 * variance grows with the number of completed lags, plus the drift's own uncertainty.
 */
function lagWalk(s: Series, lag: number, drift: boolean, options: ForecastOptions, model: string): Forecast {
  const { h, levels } = horizon(options);
  checkValues(s, lag + (drift ? 2 : 1));
  const y = s.values;
  const n = y.length;
  const diffs = new Float64Array(n - lag);
  for (let t = lag; t < n; t++) diffs[t - lag] = y[t]! - y[t - lag]!;
  let b = 0;
  let bSe = 0;
  let sigma2: number;
  if (drift) {
    // The slope of a regression of the lagged differences on a constant: their mean, and its standard error.
    b = diffs.reduce((a, v) => a + v, 0) / diffs.length;
    sigma2 = diffs.reduce((a, v) => a + (v - b) ** 2, 0) / (diffs.length - 1);
    bSe = Math.sqrt(sigma2 / diffs.length);
  } else {
    sigma2 = diffs.reduce((a, v) => a + v * v, 0) / diffs.length;
  }
  const mean = new Float64Array(h);
  const se = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    const steps = Math.floor(i / lag) + 1;
    mean[i] = y[n - lag + (i % lag)]! + steps * b;
    se[i] = Math.sqrt(sigma2 * steps + (steps * bSe) ** 2);
  }
  const fitted = new Float64Array(n).fill(NaN);
  for (let t = lag; t < n; t++) fitted[t] = y[t - lag]! + b;
  return { model, mean, intervals: gaussian(mean, se, levels), fitted, sigma2 };
}

/** The naive forecast: the last value, with intervals of a random walk (R's `naive`). */
export function naive(s: Series, options: ForecastOptions): Forecast {
  return guarded(s, options, (x) => lagWalk(x, 1, false, options, 'naive'));
}

/** The seasonal naive forecast: the value one season before (R's `snaive`); naive when not seasonal. */
export function seasonalNaive(s: Series, options: ForecastOptions): Forecast {
  return guarded(s, options, (x) => lagWalk(x, x.period, false, options, 'snaive'));
}

/** The random walk with drift: the line through the first and last values, extended (R's `rwf(drift = TRUE)`). */
export function drift(s: Series, options: ForecastOptions): Forecast {
  return guarded(s, options, (x) => lagWalk(x, 1, true, options, 'drift'));
}

/** The mean of the series, with Student t intervals (R's `meanf`). */
export function meanForecast(s: Series, options: ForecastOptions): Forecast {
  return guarded(s, options, (x) => historicalMean(x, options));
}

function historicalMean(s: Series, options: ForecastOptions): Forecast {
  const { h, levels } = horizon(options);
  checkValues(s, 1);
  const y = s.values;
  const n = y.length;
  const m = y.reduce((a, v) => a + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(y.reduce((a, v) => a + (v - m) ** 2, 0) / (n - 1)) : NaN;
  const mean = new Float64Array(h).fill(m);
  const intervals = levels.map((level) => {
    const w = n > 1 ? -studentTQuantile(0.5 - level / 200, n - 1) * sd * Math.sqrt(1 + 1 / n) : Infinity;
    return { level, lower: mean.map((v) => v - w), upper: mean.map((v) => v + w) };
  });
  return { model: 'mean', mean, intervals, fitted: new Float64Array(n).fill(m), sigma2: sd * sd };
}
