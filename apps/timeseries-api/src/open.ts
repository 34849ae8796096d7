import { existsSync } from 'node:fs';
import type { Logger } from '@strata/core';
import { createThreadedBackend, ModelRegistry } from '@strata/core/node';
import { FORECASTING_TASK, NeuralForecaster } from '@strata/timeseries';
import { ForecastPool } from '@strata/timeseries/node';
import type { Forecasters } from './forecasters.js';

/**
 * Opens what the API forecasts with: a pool of forecasting threads and every forecasting model in
 * `modelsDir` (their sessions on their own threads, so a run never holds up the server). `close`
 * releases both.
 */
export async function openForecasters(options: {
  threads: number;
  modelsDir: string;
  logger: Logger;
}): Promise<Forecasters & { close(): Promise<void> }> {
  const { modelsDir, logger } = options;
  const pool = ForecastPool.open(options.threads);
  const neural = new Map<string, NeuralForecaster>();
  // Without a models folder the API still forecasts with its statistical models.
  const registry = existsSync(modelsDir)
    ? await ModelRegistry.open(modelsDir, {
        backend: createThreadedBackend({ threads: 1, logger }),
        sessionOptions: { intraOpThreads: 1 },
        logger,
      })
    : undefined;
  const close = async () => {
    await Promise.all([pool.close(), registry?.close()]);
  };
  try {
    for (const { manifest } of registry?.byTask(FORECASTING_TASK) ?? []) {
      neural.set(manifest.id, await NeuralForecaster.fromRegistry(registry!, manifest.id));
      logger.info({ model: manifest.id }, 'forecasting model loaded');
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { pool, neural, close };
}
