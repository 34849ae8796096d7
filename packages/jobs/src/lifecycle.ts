import type { JobRecord } from './job-record.js';
import type { JobProgress } from './types.js';

/** Progress with rate (units per second over the current attempt) and ETA at that rate. */
export function progressOf(
  job: Pick<JobRecord, 'state' | 'done' | 'total' | 'attemptStartMs' | 'doneAtStart'>,
): JobProgress {
  let rate: number | null = null;
  if (job.state === 'running' && job.attemptStartMs !== null) {
    const seconds = (Date.now() - job.attemptStartMs) / 1000;
    const units = job.done - job.doneAtStart;
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
  const ended = { attemptStartMs: null, finishedAt };
  if (outcome.kind === 'done') return { ...ended, state: 'succeeded', result: outcome.result };
  if (job.cancelRequested) return { ...ended, state: 'cancelled' };
  const interrupted = outcome.kind === 'lost' || outcome.aborted;
  if (closing && interrupted) return { state: 'queued', done: job.checkpointDone, attemptStartMs: null };
  const error = outcome.kind === 'lost' ? { code: 'JOB_FAILED', message: outcome.message } : outcome.error;
  return { ...ended, state: 'failed', error };
}
