import type { Express } from 'express';
import type { Logger } from '@strata/core';
import type { ServiceConfig } from './config.js';
import { serve, type Serving } from './serve.js';

/**
 * Starts an app as its `server.ts` does: logs why the host was changed (no API keys), listens on the
 * configured host and port with graceful shutdown, and logs the URL.
 *
 * @example
 * ```ts
 * await startServer(app, { config, logger, name: 'strata time-series API', onShutdown: () => queue.close() });
 * ```
 */
export async function startServer(
  app: Express,
  options: { config: ServiceConfig; logger: Logger; name: string; onShutdown: () => Promise<void> },
): Promise<Serving> {
  const { config, logger } = options;
  if (config.hostNote) logger.warn({}, config.hostNote);
  const serving = await serve(app, {
    port: config.port,
    host: config.host,
    logger,
    onShutdown: options.onShutdown,
  });
  logger.info(
    { url: serving.url, docs: `${serving.url}/docs`, auth: config.apiKeys.length > 0 },
    `${options.name} listening`,
  );
  return serving;
}
