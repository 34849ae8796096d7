import type { Series } from '../series/series.js';
import { arima } from './arima/arima.js';
import { autoForecast } from './auto.js';
import { drift, meanForecast, naive, seasonalNaive } from './baselines.js';
import { ets } from './ets/ets.js';
import type { Forecast, ForecastOptions } from './forecast.js';
import { theta } from './theta.js';

/** The statistical forecasters by name, as requests and jobs name them. */
export const FORECASTERS = {
  naive,
  snaive: seasonalNaive,
  drift,
  mean: meanForecast,
  theta,
  ets: (s: Series, o: ForecastOptions) => ets(s, o),
  arima: (s: Series, o: ForecastOptions) => arima(s, o),
  auto: (s: Series, o: ForecastOptions) => autoForecast(s, o),
} as const satisfies Record<string, (s: Series, o: ForecastOptions) => Forecast>;

/** A forecaster's name: `naive`, `snaive`, `drift`, `mean`, `theta`, `ets`, `arima` or `auto`. */
export type ForecastMethod = keyof typeof FORECASTERS;

/** Whether `name` names a forecaster. */
export function isForecastMethod(name: string): name is ForecastMethod {
  return Object.hasOwn(FORECASTERS, name);
}
