import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from '@strata/core';
import { DEFAULT_RETENTION_MS, parseRetention } from './retention.js';

/** The job settings an environment gives, for {@link openJobQueue} (with a state directory and handlers). */
export interface JobEnvSettings {
  /** `STRATA_THREADS`, else every core: the process's budget of busy worker threads (jobs and the threads they start). */
  readonly threads: number;
  /** `STRATA_JOBS`: the Redis to queue jobs on (`redis://host:port[/db]`), null for jobs in this process. */
  readonly redisUrl: string | null;
  /** `STRATA_JOB_WORKERS`, else `STRATA_THREADS`, else every core: jobs this process runs at once (0 with Redis: none). */
  readonly workers: number;
  /** `STRATA_JOB_LOCK_MS`: how long a dead worker's claim on a job lasts (Redis). Default 30000. */
  readonly lockDurationMs: number;
  /** `STRATA_JOB_RETENTION`: how long finished jobs are kept (`7d`, `12h`, `0` for ever), in ms. Default 7 days. */
  readonly retentionMs: number;
}

const bad = (name: string, value: string, allowed: string) =>
  new InvalidArgumentError(name, `${name} must be ${allowed}, got "${value}"`, { value });

function whole(env: Record<string, string | undefined>, name: string, min: number, max: number) {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw bad(name, value, `a whole number from ${min} to ${max}`);
  return n;
}

/**
 * Reads the job settings from an environment (an app's `config.ts` passes its own): the one parser
 * the servers and `strata worker` share. Throws `INVALID_ARGUMENT` naming the variable, the bad value
 * and what is allowed.
 *
 * @example
 * ```ts
 * // config.ts, the one file of an app that reads the environment
 * export const jobSettings = jobSettingsFromEnv(env);
 * ```
 */
export function jobSettingsFromEnv(env: Record<string, string | undefined>): JobEnvSettings {
  const url = env.STRATA_JOBS || null;
  if (url !== null && !/^rediss?:\/\/\S+$/.test(url))
    throw bad('STRATA_JOBS', url, 'a Redis URL (redis://host:port), or unset for in-process jobs');
  const threads = whole(env, 'STRATA_THREADS', 1, 1024) ?? availableParallelism();
  const workers = whole(env, 'STRATA_JOB_WORKERS', 0, 1024) ?? threads;
  // In-process jobs need a thread of their own to run on: nothing else would run them.
  if (workers === 0 && !url)
    throw bad('STRATA_JOB_WORKERS', '0', 'at least 1 without STRATA_JOBS (in-process jobs)');
  const retention = env.STRATA_JOB_RETENTION;
  return {
    threads,
    redisUrl: url,
    workers,
    lockDurationMs: whole(env, 'STRATA_JOB_LOCK_MS', 1000, 3_600_000) ?? 30_000,
    retentionMs: retention ? parseRetention(retention) : DEFAULT_RETENTION_MS,
  };
}
