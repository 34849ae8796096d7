import { join, resolve } from 'node:path';
import type { Logger } from '@strata/core';
import { EmbeddedJobQueue } from './embedded/embedded-queue.js';
import { redactedUrl } from './redis/redacted-url.js';
import type { JobQueue } from './types.js';

/** Where and how jobs run: what {@link openJobQueue} opens. */
export interface JobQueueSettings {
  /** The state directory: jobs live under `<stateDir>/jobs` (results in `<stateDir>/jobs/results`). */
  readonly stateDir: string;
  /**
   * The Redis to queue jobs on (`redis://host:port[/db]`), or null for jobs in this process. With Redis
   * the results directory must be one every API and worker process reaches (a shared mount).
   * @defaultValue `null`
   */
  readonly redisUrl?: string | null;
  /** Jobs this process runs at once; 0 (Redis only) for a process that only submits and reads. @defaultValue `1` */
  readonly workers?: number;
  /** Redis only: how long a dead worker's claim on a job lasts. @defaultValue `30000` */
  readonly lockDurationMs?: number;
  /** How long a finished job, its results and the files it owns are kept, in ms; 0 keeps them. @defaultValue 7 days */
  readonly retentionMs?: number;
  /** Handler module (path or URL) of each job kind. */
  readonly handlers: Readonly<Record<string, string | URL>>;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

/**
 * Opens the job queue the settings name: in this process by default, on Redis with `redisUrl`. The one
 * place that chooses a backend: the gateway, the single-domain servers and `strata worker` all call it.
 *
 * @example
 * ```ts
 * const queue = await openJobQueue({ stateDir: '.strata', handlers: { ...DRUG_JOBS }, workers: 1 });
 * ```
 */
export async function openJobQueue(settings: JobQueueSettings): Promise<JobQueue> {
  const dir = resolve(settings.stateDir, 'jobs');
  const { handlers, logger } = settings;
  const retention = settings.retentionMs !== undefined ? { retentionMs: settings.retentionMs } : {};
  const workers = settings.workers ?? 1;
  if (!settings.redisUrl)
    return EmbeddedJobQueue.open({ dir, handlers, workers, ...retention, ...(logger ? { logger } : {}) });
  // Loaded only when asked for: a process with in-process jobs never loads BullMQ.
  const { RedisJobQueue } = await import('./redis/redis-queue.js');
  const lockDurationMs = settings.lockDurationMs ?? 30_000;
  const queue = await RedisJobQueue.open({
    url: settings.redisUrl,
    handlers,
    resultsDir: join(dir, 'results'),
    workers,
    lockDurationMs,
    stalledIntervalMs: Math.ceil(lockDurationMs / 2),
    ...retention,
    ...(logger ? { logger } : {}),
  });
  logger?.info({ redis: redactedUrl(settings.redisUrl), workers }, 'jobs queue on Redis');
  return queue;
}
