import { join } from 'node:path';
import { createJsonLogger, EmbeddedJobQueue } from '@strata/core/node';
import { DRUG_JOBS } from '@strata/drug/node';
import { serve } from '@strata/service';
import { createDrugApp } from './app.js';
import { loadConfig } from './config.js';
import { openDrugResources } from './open.js';

// The drug API on its own (`npm start` serves it inside the gateway with the other domains).
const config = loadConfig();
const logger = createJsonLogger({ name: 'strata-drug', level: config.logLevel });
if (config.hostNote) logger.warn({}, config.hostNote);
const resources = await openDrugResources({ ...config, logger });
const queue = await EmbeddedJobQueue.open({
  dir: join(config.stateDir, 'jobs'),
  handlers: DRUG_JOBS,
  workers: 1,
  logger,
});
const { app } = createDrugApp({
  ...resources,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
  modelsDir: config.modelsDir,
  logger,
  apiKeys: config.apiKeys,
  rateLimitPerMinute: config.rateLimitPerMinute,
  timeoutMs: config.timeoutMs,
  jsonLimitBytes: config.jsonLimitBytes,
  uploadLimitBytes: config.uploadLimitBytes,
});
const serving = await serve(app, {
  port: config.port,
  host: config.host,
  logger,
  onShutdown: async () => {
    await queue.close();
    await resources.close();
  },
});
logger.info(
  { url: serving.url, docs: `${serving.url}/docs`, auth: config.apiKeys.length > 0 },
  'strata drug API listening',
);
