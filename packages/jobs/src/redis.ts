/**
 * `@strata/jobs/redis`: the job queue on Redis with BullMQ (an optional peer dependency: install
 * `bullmq` and `ioredis` to use it). API processes submit and follow jobs; worker processes on any
 * machines run them; a job whose worker dies is resumed elsewhere from its last checkpoint.
 *
 * @example
 * ```ts
 * import { RedisJobQueue } from '@strata/jobs/redis';
 * const queue = await RedisJobQueue.open({ url: 'redis://127.0.0.1:6379', handlers: DRUG_JOBS, resultsDir: '/shared/strata' });
 * ```
 *
 * @packageDocumentation
 */
export { RedisJobQueue, type RedisJobQueueOptions } from './redis/redis-queue.js';
