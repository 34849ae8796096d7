import { AbortedError, silentLogger, type Logger } from '@strata/core';
import { TERMINAL_STATES, type JobEvent, type JobInfo } from './types.js';

/**
 * The listeners side of a job queue, shared by its implementations: subscriptions to every job or to
 * one (one lookup per event however many wait), `wait` for a terminal state, and failing every pending
 * wait when the queue closes under it.
 */
export class JobEvents {
  private readonly listeners = new Map<string | undefined, Set<(e: JobEvent) => void>>();
  private readonly waiters = new Set<(err: Error) => void>();

  constructor(private readonly logger: Logger = silentLogger) {}

  /** Registers a listener of every job, or of one; returns its unsubscribe. */
  subscribe(listener: (event: JobEvent) => void, jobId?: string): () => void {
    let set = this.listeners.get(jobId);
    if (!set) this.listeners.set(jobId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(jobId) === set) this.listeners.delete(jobId);
    };
  }

  /** Whether anyone listens to this job (so the caller can skip building its info). */
  listening(jobId: string): boolean {
    return this.listeners.has(jobId) || this.listeners.has(undefined);
  }

  /** Delivers an event; a listener that throws is logged and does not stop the others. */
  emit(event: JobEvent): void {
    for (const set of [this.listeners.get(event.job.id), this.listeners.get(undefined)]) {
      for (const fn of set ?? []) {
        try {
          fn(event);
        } catch (err) {
          this.logger.error({ err, jobId: event.job.id }, 'job event listener threw');
        }
      }
    }
  }

  /** Resolves with the job's info at its first terminal state event. */
  wait(jobId: string, signal?: AbortSignal): Promise<JobInfo> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: { job: JobInfo } | { err: Error }) => {
        stop();
        this.waiters.delete(fail);
        signal?.removeEventListener('abort', onAbort);
        if ('job' in outcome) resolve(outcome.job);
        else reject(outcome.err);
      };
      const fail = (err: Error) => settle({ err });
      const onAbort = () => fail(new AbortedError('stopped waiting for the job', signal?.reason));
      const stop = this.subscribe(
        (e) => e.type === 'state' && TERMINAL_STATES.includes(e.job.state) && settle({ job: e.job }),
        jobId,
      );
      this.waiters.add(fail);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Rejects every pending wait with `err` and drops every listener. */
  close(err: Error): void {
    for (const fail of [...this.waiters]) fail(err);
    this.listeners.clear();
  }
}
