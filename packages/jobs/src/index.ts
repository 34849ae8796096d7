/**
 * `@strata/jobs`: Strata's jobs. Long work (a screen, a rollout, a batch of forecasts) is a job with an
 * id, state, progress, cancellation, checkpoints and results; a sharded job splits into shards that any
 * worker runs. One `JobQueue` interface with two implementations: `@strata/jobs/embedded` (in this
 * process, state in a journal on disk) and `@strata/jobs/redis` (BullMQ, any number of worker
 * machines); {@link openJobQueue} picks one from settings.
 *
 * @example
 * ```ts
 * import { defineJob, openJobQueue } from '@strata/jobs';
 *
 * // sum.job.ts
 * export default defineJob<{ n: number }, { next: number }, { sum: number }>({
 *   async run(ctx) { let sum = 0; for (let i = 0; i < ctx.input.n; i++) sum += i; return { sum }; },
 * });
 *
 * // main.ts
 * const queue = await openJobQueue({ stateDir: '.strata', handlers: { sum: new URL('./sum.job.js', import.meta.url) } });
 * const job = await queue.submit({ kind: 'sum', input: { n: 10 } });
 * console.log((await queue.wait(job.id)).result); // { sum: 45 }
 * await queue.close();
 * ```
 *
 * @packageDocumentation
 */
export * from './types.js';
export {
  defineShardedJob,
  isSharded,
  shardRanges,
  type AssembleContext,
  type PlanContext,
  type ShardContext,
  type ShardedJobHandler,
  type ShardSpec,
} from './sharded.js';
export { openJobQueue, type JobQueueSettings } from './open-job-queue.js';
export { DEFAULT_RETENTION_MS, parseRetention } from './retention.js';
export { jobSettingsFromEnv, type JobEnvSettings } from './settings-env.js';
