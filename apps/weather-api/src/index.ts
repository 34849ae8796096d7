/**
 * The weather API as a library: build its app (to serve alone or mount in the gateway).
 *
 * @example
 * ```ts
 * const models = weatherModels(registry.list().map((e) => e.manifest));
 * const datasets = await weatherDatasets('data/era5'); // NetCDF initial states by file name
 * const { app } = createWeatherApp({ models, datasets, modelsDir: 'models', queue, uploadsDir: '.strata/uploads' });
 * ```
 */
export { createWeatherApp, type WeatherAppDeps } from './app.js';
export { weatherDatasets, weatherModels, WEATHER_TASK, type WeatherModel } from './catalog.js';
export type { WeatherResources } from './routes.js';
export { UntrustedReads, type UntrustedReadsOptions } from './untrusted-reads.js';
export type {
  DatasetsResponse,
  ForecastRequest,
  ForecastSummary,
  ModelsResponse,
  PointResponse,
} from './schemas.js';
export type { MapFrame, MapLegend } from '@strata/weather';
export { weatherDomain } from './domain.js';
