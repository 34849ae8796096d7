import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, type Logger } from '@strata/core';
import { createThreadedBackend } from '@strata/core/node';
import { FORECASTING_TASK, type NeuralForecaster } from '@strata/timeseries';
import { ForecastPool, loadNeuralForecaster } from '@strata/timeseries/node';
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
  const pool = ForecastPool.open(options.threads);
  const neural = new Map<string, NeuralForecaster>();
  const backend = createThreadedBackend({ threads: 1, logger: options.logger });
  const folders = existsSync(options.modelsDir)
    ? await readdir(options.modelsDir, { withFileTypes: true })
    : [];
  for (const folder of folders) {
    const manifestPath = join(options.modelsDir, folder.name, 'model.json');
    if (!folder.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = parseManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
    if (manifest.task !== FORECASTING_TASK) continue;
    const model = await loadNeuralForecaster(join(options.modelsDir, folder.name), {
      backend,
      sessionOptions: { intraOpThreads: 1 },
    });
    neural.set(manifest.id, model);
    options.logger.info({ model: manifest.id }, 'forecasting model loaded');
  }
  return {
    pool,
    neural,
    async close() {
      await Promise.all([pool.close(), ...[...neural.values()].map((m) => m.dispose())]);
    },
  };
}
