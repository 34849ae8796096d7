/**
 * The time-series API as a library: build its app (to serve alone or mount in the gateway) and open
 * the forecasters it serves with.
 *
 * @example
 * ```ts
 * const forecasters = await openForecasters({ threads: 2, modelsDir: 'models', logger });
 * const { app } = createTimeseriesApp({ forecasters, uploadsDir: '.strata/uploads' });
 * ```
 */
export { createTimeseriesApp, type TimeseriesAppDeps } from './app.js';
export { openForecasters } from './open.js';
export { loadExamples } from './examples.js';
export type { Forecasters } from './forecasters.js';
export type {
  BacktestJobRequestBody,
  BacktestJobSummary,
  BacktestRequestBody,
  BacktestResponse,
  ExampleResponse,
  ExamplesResponse,
  ForecastRequestBody,
  ForecastResponse,
  ModelsResponse,
} from './schemas.js';
export { timeseriesDomain } from './domain.js';
