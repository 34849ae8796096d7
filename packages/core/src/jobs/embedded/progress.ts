import type { JobProgress } from '../types.js';

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
