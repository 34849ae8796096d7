import { join } from 'node:path';
import { createJsonLogger, EmbeddedJobQueue } from '@strata/core/node';
import { serve } from '@strata/service';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import { createTimeseriesApp } from './app.js';
import { loadConfig } from './config.js';
import { openForecasters } from './open.js';

// The time-series API on its own (`npm start` serves it inside the gateway with the other domains).
const config = loadConfig();
const logger = createJsonLogger({ name: 'strata-timeseries', level: config.logLevel });
if (config.hostNote) logger.warn({}, config.hostNote);
const forecasters = await openForecasters({ threads: config.threads, modelsDir: config.modelsDir, logger });
const queue = await EmbeddedJobQueue.open({
  dir: join(config.stateDir, 'jobs'),
  handlers: TIMESERIES_JOBS,
  logger,
});
const { app } = createTimeseriesApp({
  forecasters,
  queue,
  uploadsDir: join(config.stateDir, 'uploads'),
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
    await forecasters.close();
  },
});
logger.info(
  { url: serving.url, docs: `${serving.url}/docs`, auth: config.apiKeys.length > 0 },
  'strata time-series API listening',
);
