import { join } from 'node:path';
import { openJobQueue } from '@strata/jobs';
import { createJsonLogger, defaultThreadBudget, createOrtBackend, ModelRegistry } from '@strata/core/node';
import { jobSettingsOf, settingsOf, startServer } from '@strata/service';
import { WEATHER_JOBS } from '@strata/weather/node';
import { createWeatherApp } from './app.js';
import { weatherDatasets, weatherModels } from './catalog.js';
import { loadConfig } from './config.js';

// The weather API on its own (`npm start` serves it inside the gateway with the other domains).
const config = loadConfig();
// STRATA_THREADS sizes the process's thread budget: busy pool threads (jobs, screens, forecasts) never outnumber it.
defaultThreadBudget().resize(config.threads);
const logger = createJsonLogger({ name: 'strata-weather', level: config.logLevel });
const registry = await ModelRegistry.open(config.modelsDir, {
  backend: createOrtBackend({ logger }),
  logger,
});
const queue = await openJobQueue({
  ...jobSettingsOf(config),
  workers: Math.min(config.jobWorkers, 1),
  handlers: WEATHER_JOBS,
  logger,
});
const { app } = createWeatherApp({
  models: weatherModels(registry.list().map((e) => e.manifest)),
  datasets: await weatherDatasets(config.weatherDataDir),
  modelsDir: config.modelsDir,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  uploadLimitBytes: config.uploadLimitBytes,
  service: settingsOf(config, logger),
});
await startServer(app, {
  config,
  logger,
  name: 'strata weather API',
  onShutdown: async () => {
    await queue.close();
    await registry.close();
  },
});
