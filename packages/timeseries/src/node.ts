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
export { forecastMany, type ForecastManyOptions, type SeriesForecast } from './pool/forecast-pool.js';
