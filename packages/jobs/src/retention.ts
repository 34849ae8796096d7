import { rm } from 'node:fs/promises';
import { InvalidArgumentError, JobError, type Logger } from '@strata/core';
import type { JobRecord } from './job-record.js';
import { TERMINAL_STATES } from './types.js';

/** How long a finished job is kept by default: 7 days. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A retention time as people write it: `7d`, `12h`, `30m`, `90s`, `500ms`, or a bare number of seconds;
 * `0` keeps finished jobs for ever. Throws `INVALID_ARGUMENT` naming `name` for anything else.
 *
 * @example
 * ```ts
 * parseRetention('7d'); // 604800000
 * ```
 */
export function parseRetention(text: string, name = 'STRATA_JOB_RETENTION'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m)
    throw new InvalidArgumentError(
      name,
      `${name} must be a duration such as 7d, 12h, 30m, 90s or 0 (keep for ever), got "${text}"`,
      { value: text },
    );
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
}

/** Whether a job has ended longer than `retentionMs` ago (never with retention 0). */
export function expired(
  job: Pick<JobRecord, 'state' | 'finishedAt'>,
  retentionMs: number,
  now: number,
): boolean {
  if (retentionMs <= 0 || !TERMINAL_STATES.includes(job.state) || !job.finishedAt) return false;
  return now - Date.parse(job.finishedAt) >= retentionMs;
}

/**
 * Refuses to remove a job that has not ended, or one whose attempts are still stopping (a failed
 * job's other shards write their results until they notice).
 */
export function assertRemovable(job: Pick<JobRecord, 'id' | 'state'>, stopping = false): void {
  if (!TERMINAL_STATES.includes(job.state))
    throw new JobError('JOB_NOT_FINISHED', `job "${job.id}" is ${job.state}: cancel it before removing it`, {
      context: { jobId: job.id },
    });
  if (stopping)
    throw new JobError(
      'JOB_NOT_FINISHED',
      `job "${job.id}" has ended but its work is still stopping; try again`,
      {
        context: { jobId: job.id },
      },
    );
}

/** Removes a job's results directory and the files it owns; a file already gone is no error. */
export async function removeJobFiles(
  job: Pick<JobRecord, 'id' | 'files'>,
  resultsDir: string,
  logger: Logger,
): Promise<void> {
  for (const path of [resultsDir, ...(job.files ?? [])]) {
    try {
      await rm(path, { recursive: true, force: true });
    } catch (err) {
      logger.warn({ err, jobId: job.id, path }, 'a file of a removed job could not be removed');
    }
  }
}

/**
 * Calls `sweep` now and then every so often (a quarter of the retention, between 100 ms and an hour),
 * on a timer that does not keep the process alive. Returns the stop function; retention 0 sweeps never.
 */
export function startSweeper(retentionMs: number, sweep: () => Promise<void>, logger: Logger): () => void {
  if (retentionMs <= 0) return () => undefined;
  const run = () => void sweep().catch((err: unknown) => logger.error({ err }, 'expired jobs not removed'));
  run();
  const timer = setInterval(run, Math.min(Math.max(retentionMs / 4, 100), 3_600_000));
  timer.unref();
  return () => clearInterval(timer);
}
