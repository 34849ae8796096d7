import { join } from 'node:path';
import { openJobQueue } from '@strata/jobs';
import { createJsonLogger, defaultThreadBudget } from '@strata/core/node';
import { DRUG_JOBS } from '@strata/drug/node';
import { jobSettingsOf, settingsOf, startServer } from '@strata/service';
import { createDrugApp } from './app.js';
import { loadConfig } from './config.js';
import { openDrugResources } from './open.js';

// The drug API on its own (`npm start` serves it inside the gateway with the other domains).
const config = loadConfig();
// STRATA_THREADS sizes the process's thread budget: busy pool threads (jobs, screens, forecasts) never outnumber it.
defaultThreadBudget().resize(config.threads);
const logger = createJsonLogger({ name: 'strata-drug', level: config.logLevel });
const resources = await openDrugResources({ ...config, logger });
// One screen at a time here: a screen runs on every core by itself.
const queue = await openJobQueue({
  ...jobSettingsOf(config),
  workers: Math.min(config.jobWorkers, 1),
  handlers: DRUG_JOBS,
  logger,
});
const { app } = createDrugApp({
  ...resources,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  uploadLimitBytes: config.uploadLimitBytes,
  modelsDir: config.modelsDir,
  service: settingsOf(config, logger),
});
await startServer(app, {
  config,
  logger,
  name: 'strata drug API',
  onShutdown: async () => {
    await queue.close();
    await resources.close();
  },
});
