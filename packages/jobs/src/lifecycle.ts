import type { JobRecord } from './job-record.js';
import type { JobProgress } from './types.js';

/** The running attempt of a job, for rate and ETA. */
export interface Attempt {
  readonly startMs: number;
  readonly doneAtStart: number;
  lastPersistMs: number;
}

/** Progress with rate (units per second over the current attempt) and ETA at that rate. */
export function progressOf(
  job: { done: number; total: number | null },
  attempt: Attempt | undefined,
): JobProgress {
  let rate: number | null = null;
  if (attempt) {
    const seconds = (performance.now() - attempt.startMs) / 1000;
    const units = job.done - attempt.doneAtStart;
    if (seconds > 0 && units > 0) rate = units / seconds;
  }
  const etaSeconds = rate && job.total !== null ? Math.max(0, job.total - job.done) / rate : null;
  return { done: job.done, total: job.total, rate, etaSeconds };
}

/** How an attempt ended: the handler returned, threw (after its signal fired, or not), or its worker died. */
export type AttemptOutcome =
  | { readonly kind: 'done'; readonly result: JobRecord['result'] }
  | { readonly kind: 'threw'; readonly error: { code: string; message: string }; readonly aborted: boolean }
  | { readonly kind: 'lost'; readonly message: string };

/**
 * The change an ended attempt makes to its job. A cancel wins over any other ending but success; an
 * attempt stopped by a shutdown goes back to the queue at its last checkpoint; everything else fails.
 */
export function endOfAttempt(job: JobRecord, outcome: AttemptOutcome, closing: boolean): Partial<JobRecord> {
  const finishedAt = new Date().toISOString();
  if (outcome.kind === 'done') return { state: 'succeeded', result: outcome.result, finishedAt };
  if (job.cancelRequested) return { state: 'cancelled', finishedAt };
  const interrupted = outcome.kind === 'lost' || outcome.aborted;
  if (closing && interrupted) return { state: 'queued', done: job.checkpointDone };
  const error = outcome.kind === 'lost' ? { code: 'JOB_FAILED', message: outcome.message } : outcome.error;
  return { state: 'failed', error, finishedAt };
}
