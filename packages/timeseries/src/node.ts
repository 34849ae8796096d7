/**
 * `@strata/timeseries/node`: the parts of @strata/timeseries that use threads and files.
 *
 * @example
 * ```ts
 * import { forecastMany } from '@strata/timeseries/node';
 * const results = await forecastMany(seriesList, { method: 'auto', h: 12 });
 * ```
 *
 * @packageDocumentation
 */
export {
  ForecastPool,
  forecastMany,
  type ForecastManyOptions,
  type ForecastPoolOptions,
  type PoolForecastOptions,
  type SeriesForecast,
} from './pool/forecast-pool.js';
export { TIMESERIES_JOBS } from './jobs/handlers.js';
export type { ForecastJobInput, ForecastJobResult } from './jobs/forecast.job.js';
export type { BacktestJobInput, BacktestJobResult, UnreadSeries } from './jobs/backtest.job.js';
export type { BacktestRow } from './jobs/backtest-table.js';
export { encodeSeries } from './jobs/series-file.js';
export { forecastTable } from './jobs/forecast-table.js';
export { loadNeuralForecaster, type LoadNeuralForecasterOptions } from './neural/load-model-dir.js';
