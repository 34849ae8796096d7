// The drug app as its tests open it: real resources (RDKit, models, libraries) on one thread, an
// embedded job queue and an uploads directory in a fresh temporary state directory.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRUG_JOBS } from '@strata/drug/node';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import type { Express } from 'express';
import { createDrugApp } from './app.js';
import { openDrugResources } from './open.js';

/** A path in the repository. */
export const repo = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** The app, what it was made of, and how to close it. */
export interface AppUnderTest {
  readonly app: Express;
  readonly resources: Awaited<ReturnType<typeof openDrugResources>>;
  readonly queue: EmbeddedJobQueue;
  close(): Promise<void>;
}

/** Opens the drug app on a fresh state directory named after `name`. */
export async function openAppUnderTest(name: string): Promise<AppUnderTest> {
  const state = await mkdtemp(join(tmpdir(), `strata-${name}-`));
  const resources = await openDrugResources({
    threads: 1,
    modelsDir: repo('models'),
    datasetsDir: repo('datasets'),
  });
  const queue = await EmbeddedJobQueue.open({ dir: join(state, 'jobs'), handlers: DRUG_JOBS, workers: 1 });
  const { app } = createDrugApp({
    ...resources,
    queue,
    uploadsDir: join(state, 'uploads'),
    modelsDir: repo('models'),
  });
  return {
    app,
    resources,
    queue,
    close: async () => {
      await queue.close();
      await resources.close();
    },
  };
}
