import { join } from 'node:path';
import { openJobQueue } from '@strata/jobs';
import { createJsonLogger, defaultThreadBudget } from '@strata/core/node';
import { jobSettingsOf, settingsOf, startServer } from '@strata/service';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import { createTimeseriesApp } from './app.js';
import { loadConfig } from './config.js';
import { loadExamples } from './examples.js';
import { openForecasters } from './open.js';

// The time-series API on its own (`npm start` serves it inside the gateway with the other domains).
const config = loadConfig();
// STRATA_THREADS sizes the process's thread budget: busy pool threads (jobs, screens, forecasts) never outnumber it.
defaultThreadBudget().resize(config.threads);
const logger = createJsonLogger({ name: 'strata-timeseries', level: config.logLevel });
const forecasters = await openForecasters({ threads: config.threads, modelsDir: config.modelsDir, logger });
const queue = await openJobQueue({ ...jobSettingsOf(config), handlers: TIMESERIES_JOBS, logger });
const { app } = createTimeseriesApp({
  forecasters,
  examples: await loadExamples(config.datasetsDir),
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  uploadLimitBytes: config.uploadLimitBytes,
  service: settingsOf(config, logger),
});
await startServer(app, {
  config,
  logger,
  name: 'strata time-series API',
  onShutdown: async () => {
    await queue.close();
    await forecasters.close();
  },
});
