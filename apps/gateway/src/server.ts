import { join } from 'node:path';
import { createJsonLogger, createOrtBackend, EmbeddedJobQueue, ModelRegistry } from '@strata/core/node';
import { DRUG_JOBS } from '@strata/drug/node';
import { createDrugApp, openDrugResources } from '@strata/drug-api';
import { createMetrics, serve } from '@strata/service';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import { WEATHER_JOBS } from '@strata/weather/node';
import { createWeatherApp, weatherDatasets, weatherModels } from '@strata/weather-api';
import { createTimeseriesApp, openForecasters } from '@strata/timeseries-api';
import { createGatewayApp } from './app.js';
import { loadConfig } from './config.js';

// What `npm start` runs: every domain API on one port, with the bundled models and datasets.
const config = loadConfig();
const logger = createJsonLogger({ name: 'strata-gateway', level: config.logLevel });
if (config.hostNote) logger.warn({}, config.hostNote);
const registry = await ModelRegistry.open(config.modelsDir, {
  backend: createOrtBackend({ logger }),
  logger,
});
// One queue for every domain's jobs: its threads run whichever job comes next.
const queue = await EmbeddedJobQueue.open({
  dir: join(config.stateDir, 'jobs'),
  handlers: { ...TIMESERIES_JOBS, ...DRUG_JOBS, ...WEATHER_JOBS },
  workers: config.threads,
  logger,
});
const metrics = createMetrics({ app: 'strata', queue });
const common = {
  logger,
  metrics,
  apiKeys: config.apiKeys,
  rateLimitPerMinute: config.rateLimitPerMinute,
  timeoutMs: config.timeoutMs,
};
const forecasters = await openForecasters({ threads: config.threads, modelsDir: config.modelsDir, logger });
const timeseries = createTimeseriesApp({
  ...common,
  forecasters,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  jsonLimitBytes: config.jsonLimitBytes,
  uploadLimitBytes: config.uploadLimitBytes,
});
const drugResources = await openDrugResources({ ...config, logger });
const drug = createDrugApp({
  ...common,
  ...drugResources,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  modelsDir: config.modelsDir,
  jsonLimitBytes: config.jsonLimitBytes,
  uploadLimitBytes: config.uploadLimitBytes,
});
const weather = createWeatherApp({
  ...common,
  models: weatherModels(registry.list().map((e) => e.manifest)),
  datasets: await weatherDatasets(config.weatherDataDir),
  modelsDir: config.modelsDir,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  jsonLimitBytes: config.jsonLimitBytes,
  uploadLimitBytes: config.uploadLimitBytes,
});
const app = createGatewayApp({
  ...common,
  registry,
  domains: [
    { name: 'drug', title: 'Drug discovery: scoring, similarity, screens', service: drug },
    { name: 'timeseries', title: 'Time series: forecasts and backtests', service: timeseries },
    { name: 'weather', title: 'Weather: gridded forecasts, maps and scores', service: weather },
  ],
});
const serving = await serve(app, {
  port: config.port,
  host: config.host,
  logger,
  onShutdown: async () => {
    await queue.close();
    await forecasters.close();
    await drugResources.close();
    await registry.close();
  },
});
logger.info({ url: serving.url, auth: config.apiKeys.length > 0 }, 'strata gateway listening');
process.stdout.write(
  `\nStrata is serving on ${serving.url}\n` +
    `  drug         ${serving.url}/drug/docs\n` +
    `  time series  ${serving.url}/timeseries/docs\n` +
    `  weather      ${serving.url}/weather/docs\n` +
    `  models       ${serving.url}/v1/models\n` +
    `  health       ${serving.url}/healthz  ${serving.url}/readyz  ${serving.url}/metrics\n\n`,
);
