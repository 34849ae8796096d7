import { AbortedError, DeadlineError } from '@strata/core';

/**
 * What may stop a computation before it ends: the caller's signal, a deadline, or a flag another
 * thread sets. A signal cannot fire while synchronous work holds its thread (its event needs the
 * event loop), so work on a worker thread is cancelled through a shared flag, and a deadline is read
 * from the clock.
 */
export interface StopWhen {
  readonly signal?: AbortSignal | undefined;
  /** When the work must end, in ms since 1970 UTC. */
  readonly deadline?: number | undefined;
  /** Cancelled once another thread stores a non-zero value at index 0 (`Atomics.store`). */
  readonly flag?: Int32Array | undefined;
}

// The limits of the computations running now, outermost first. The forecasters are synchronous and
// nest (auto runs ETS inside a backtest), so a stack restored in `finally` is enough; it lets the
// optimisers' inner loops check the limits without every function between passing them on.
const active: StopWhen[] = [];

/** Whether `stop` limits anything. */
const limits = (stop: StopWhen) => !!stop.signal || stop.deadline !== undefined || !!stop.flag;

/**
 * Runs synchronous `work` under `stop`: every {@link checkStop} inside it (and inside whatever it
 * calls) throws `ABORTED` or `DEADLINE_EXCEEDED` once a limit trips. Limits nest: an inner call is
 * stopped by its own and its callers'.
 */
export function runStoppable<T>(stop: StopWhen, work: () => T): T {
  if (!limits(stop)) return work();
  active.push(stop);
  try {
    checkStop();
    return work();
  } finally {
    active.splice(active.lastIndexOf(stop), 1);
  }
}

/**
 * Throws if a limit of the computations running now has tripped: `ABORTED` on a cancel,
 * `DEADLINE_EXCEEDED` past a deadline. Cheap enough for an optimiser's every iteration.
 */
export function checkStop(): void {
  for (const stop of active) {
    if (stop.signal?.aborted) throw new AbortedError('the forecast was cancelled', stop.signal.reason);
    if (stop.flag && Atomics.load(stop.flag, 0) !== 0) throw new AbortedError('the forecast was cancelled');
    if (stop.deadline !== undefined && Date.now() >= stop.deadline)
      throw new DeadlineError(stop.deadline, {
        message: `the forecast passed its deadline (${new Date(stop.deadline).toISOString()})`,
      });
  }
}
