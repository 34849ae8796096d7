import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedJobQueue } from '../embedded/embedded-queue.js';
import type { JobQueueHarness } from './job-queue-contract.js';

/** The contract-suite harness of the embedded queue: the state is a temporary directory. */
export const harness: JobQueueHarness = {
  createState: () => mkdtemp(join(tmpdir(), 'strata-jobs-')),
  open: (dir, handlers, options = {}) =>
    EmbeddedJobQueue.open({
      dir,
      handlers,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      progressPersistMs: 0,
    }),
  destroyState: (dir) => rm(dir, { recursive: true, force: true }),
};
