/**
 * `@strata/jobs/embedded`: the default job queue, in this process: handlers run on worker threads and
 * state lives in an append-only journal on disk, so a restarted process resumes unfinished jobs.
 *
 * @example
 * ```ts
 * import { EmbeddedJobQueue } from '@strata/jobs/embedded';
 * const queue = await EmbeddedJobQueue.open({ dir: '.strata/jobs', handlers: { screen: new URL('./screen.job.js', import.meta.url) } });
 * ```
 *
 * @packageDocumentation
 */
export { EmbeddedJobQueue, type EmbeddedJobQueueOptions } from './embedded/embedded-queue.js';
