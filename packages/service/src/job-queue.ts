import { join } from 'node:path';
import type { JobQueue, Logger } from '@strata/core';
import { EmbeddedJobQueue } from '@strata/core/node';
import type { ServiceConfig } from './config.js';

/**
 * Opens the job queue a configuration names: in this process by default (state under
 * `<stateDir>/jobs`), or on Redis with `STRATA_JOBS=redis://…` (results under `<stateDir>/jobs/results`,
 * a directory every API and worker process must share), running `jobWorkers` jobs here at once.
 *
 * @example
 * ```ts
 * const queue = await openJobQueue(config, { ...DRUG_JOBS, ...WEATHER_JOBS }, logger);
 * ```
 */
export async function openJobQueue(
  config: Pick<ServiceConfig, 'jobs' | 'jobWorkers' | 'stateDir'>,
  handlers: Readonly<Record<string, string | URL>>,
  logger: Logger,
): Promise<JobQueue> {
  const dir = join(config.stateDir, 'jobs');
  if (!config.jobs) return EmbeddedJobQueue.open({ dir, handlers, workers: config.jobWorkers, logger });
  // Loaded only when asked for: a server with in-process jobs never loads BullMQ.
  const { RedisJobQueue } = await import('@strata/jobs-redis');
  const queue = await RedisJobQueue.open({
    url: config.jobs,
    handlers,
    resultsDir: join(dir, 'results'),
    workers: config.jobWorkers,
    logger,
  });
  logger.info({ redis: redacted(config.jobs), workers: config.jobWorkers }, 'jobs queue on Redis');
  return queue;
}

/** A Redis URL without its password, for logs. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
