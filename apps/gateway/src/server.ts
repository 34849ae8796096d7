import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openJobQueue } from '@strata/jobs';
import {
  createJsonLogger,
  defaultThreadBudget,
  createThreadedBackend,
  ModelRegistry,
} from '@strata/core/node';
import { DRUG_JOBS } from '@strata/drug/node';
import { createDrugApp, openDrugResources } from '@strata/drug-api';
import { createMetrics, jobSettingsOf, settingsOf, startServer } from '@strata/service';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import { createTimeseriesApp, loadExamples, openForecasters } from '@strata/timeseries-api';
import { WEATHER_JOBS } from '@strata/weather/node';
import { createWeatherApp, weatherDatasets, weatherModels } from '@strata/weather-api';
import { createGatewayApp } from './app.js';
import { loadConfig } from './config.js';

// What `npm start` runs: every domain API on one port, with the bundled models and datasets.
const config = loadConfig();
// STRATA_THREADS sizes the process's thread budget: busy pool threads (jobs, screens, forecasts) never outnumber it.
defaultThreadBudget().resize(config.threads);
const logger = createJsonLogger({ name: 'strata-gateway', level: config.logLevel });
// Sessions on their own threads: a KServe inference never holds up the server.
const registry = await ModelRegistry.open(config.modelsDir, {
  backend: createThreadedBackend({ logger }),
  logger,
});
// One queue for every domain's jobs: its threads run whichever job comes next.
const queue = await openJobQueue({
  ...jobSettingsOf(config),
  handlers: { ...TIMESERIES_JOBS, ...DRUG_JOBS, ...WEATHER_JOBS },
  logger,
});
// One set of metrics for every domain: routes are labelled with their /<domain> prefix.
const service = { ...settingsOf(config, logger), metrics: createMetrics({ app: 'strata', queue }) };
const uploads = {
  uploadsDir: join(config.stateDir, 'uploads'),
  uploadLimitBytes: config.uploadLimitBytes,
  service,
};
const forecasters = await openForecasters({ threads: config.threads, modelsDir: config.modelsDir, logger });
const drugResources = await openDrugResources({ ...config, logger });
const domains = [
  {
    name: 'drug',
    title: 'Drug discovery: scoring, similarity, screens',
    service: createDrugApp({ ...drugResources, ...uploads, queue, modelsDir: config.modelsDir }),
  },
  {
    name: 'timeseries',
    title: 'Time series: forecasts and backtests',
    service: createTimeseriesApp({
      ...uploads,
      forecasters,
      queue,
      examples: await loadExamples(config.datasetsDir),
    }),
  },
  {
    name: 'weather',
    title: 'Weather: gridded forecasts, maps and scores',
    service: createWeatherApp({
      ...uploads,
      models: weatherModels(registry.list().map((e) => e.manifest)),
      datasets: await weatherDatasets(config.weatherDataDir),
      modelsDir: config.modelsDir,
      queue,
    }),
  },
];
const app = createGatewayApp({ ...service, registry, domains, consoleDir: config.consoleDir });
if (!existsSync(join(config.consoleDir, 'index.html')))
  logger.warn(
    { dir: config.consoleDir },
    'the web console is not built (npm start builds it): / answers JSON',
  );
const serving = await startServer(app, {
  config,
  logger,
  name: 'strata gateway',
  onShutdown: async () => {
    await queue.close();
    await forecasters.close();
    await drugResources.close();
    await registry.close();
  },
});
process.stdout.write(
  `\nStrata is serving on ${serving.url}\n` +
    `  console      ${serving.url}/\n` +
    domains.map((d) => `  ${d.name.padEnd(11)}  ${serving.url}/${d.name}/docs\n`).join('') +
    `  models       ${serving.url}/v1/models\n` +
    `  health       ${serving.url}/healthz  ${serving.url}/readyz  ${serving.url}/metrics\n\n`,
);
