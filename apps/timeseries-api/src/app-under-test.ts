// The time-series app as its tests open it: two forecasting threads, the bundled models and example
// series, an embedded job queue and an uploads directory in a fresh temporary state directory.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@strata/core';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';
import type { Express } from 'express';
import { createTimeseriesApp } from './app.js';
import { loadExamples } from './examples.js';
import { openForecasters } from './open.js';

/** A path in the repository. */
export const repo = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** The app, what it was made of, and how to close it. */
export interface AppUnderTest {
  readonly app: Express;
  readonly forecasters: Awaited<ReturnType<typeof openForecasters>>;
  readonly queue: EmbeddedJobQueue;
  close(): Promise<void>;
}

/** Opens the time-series app on a fresh state directory named after `name`. */
export async function openAppUnderTest(name: string): Promise<AppUnderTest> {
  const state = await mkdtemp(join(tmpdir(), `strata-${name}-`));
  const forecasters = await openForecasters({ threads: 2, modelsDir: repo('models'), logger: silentLogger });
  const queue = await EmbeddedJobQueue.open({
    dir: join(state, 'jobs'),
    handlers: TIMESERIES_JOBS,
    workers: 1,
  });
  const { app } = createTimeseriesApp({
    forecasters,
    queue,
    uploadsDir: join(state, 'uploads'),
    modelsDir: repo('models'),
    examples: await loadExamples(repo('datasets')),
  });
  return {
    app,
    forecasters,
    queue,
    close: async () => {
      await queue.close();
      await forecasters.close();
    },
  };
}
