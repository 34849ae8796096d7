// The weather app as its tests open it: the bundled models, the reference ERA5 files (and the other
// weather files of ../shared/datasets) as its datasets, an embedded job queue and an uploads directory
// in a fresh temporary state directory.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { modelsDir } from '@strata/models';
import { WEATHER_JOBS } from '@strata/weather/node';
import { sharedWeatherFile } from '@strata/weather/testing';
import type { Express } from 'express';
import { createWeatherApp, type WeatherAppDeps } from './app.js';
import { weatherDatasets, weatherModels } from './catalog.js';

/** The app, its queue and uploads directory, and how to close it. */
export interface AppUnderTest {
  readonly app: Express;
  readonly queue: EmbeddedJobQueue;
  readonly uploadsDir: string;
  close(): Promise<void>;
}

/** Opens the weather app on a fresh state directory named after `name`, with any of `deps` given. */
export async function openAppUnderTest(
  name: string,
  deps: Pick<WeatherAppDeps, 'untrustedReads'> = {},
): Promise<AppUnderTest> {
  const state = await mkdtemp(join(tmpdir(), `strata-${name}-`));
  const uploadsDir = join(state, 'uploads');
  const registry = await ModelRegistry.open(modelsDir, { backend: createOrtBackend() });
  const queue = await EmbeddedJobQueue.open({ dir: join(state, 'jobs'), handlers: WEATHER_JOBS, workers: 1 });
  const { app } = createWeatherApp({
    models: weatherModels(registry.list().map((e) => e.manifest)),
    datasets: await weatherDatasets(dirname(sharedWeatherFile('era5-t2m-uk-2019-03.nc'))),
    modelsDir,
    queue,
    uploadsDir,
    ...deps,
  });
  return {
    app,
    queue,
    uploadsDir,
    close: async () => {
      await queue.close();
      await registry.close();
    },
  };
}
