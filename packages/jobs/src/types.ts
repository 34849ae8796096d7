/**
 * The job model shared by every queue implementation: the in-process embedded queue here, a Redis/BullMQ
 * queue elsewhere. Nothing in these types assumes one process: inputs, checkpoints and results are JSON,
 * handlers are named by module URL, and results are written to a location every worker can reach.
 */

/** Where a job is in its life. `queued` includes jobs interrupted by a shutdown, waiting to resume. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** States a job never leaves. */
export const TERMINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

/** How far a job has got. */
export interface JobProgress {
  /** Units of work done (molecules, time steps, series). */
  readonly done: number;
  /** Units in all, when known. */
  readonly total: number | null;
  /** Units per second since the current attempt started, when measurable. */
  readonly rate: number | null;
  /** Seconds left at the current rate, when `total` and `rate` are known. */
  readonly etaSeconds: number | null;
}

/** A JSON value: what inputs, checkpoints and results must be, so that any queue can store them. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json | undefined };

/** What to run. */
export interface JobSpec<I extends Json = Json> {
  /** The registered handler to run. */
  readonly kind: string;
  /** The handler's input. */
  readonly input: I;
  /** A label for people. */
  readonly name?: string;
  /**
   * Files the job owns (its uploads): removed with the job, when it expires or is removed. Paths the
   * job's handler reads through its input as usual.
   */
  readonly files?: readonly string[];
}

/** The public record of a job. */
export interface JobInfo<I extends Json = Json, R extends Json = Json> {
  readonly id: string;
  readonly kind: string;
  readonly name: string | null;
  readonly state: JobState;
  readonly input: I;
  readonly progress: JobProgress;
  /** The handler's return value, once succeeded. */
  readonly result: R | null;
  /** Why it failed, once failed. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** Where the handler writes its results (a directory every worker can reach). */
  readonly resultsLocation: string;
  /** Attempts started so far: more than one after a resume. */
  readonly attempts: number;
  /** `done` of the checkpoint the current attempt resumed from, or 0. */
  readonly resumedFrom: number;
  readonly cancelRequested: boolean;
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** A change to one job. */
export interface JobEvent {
  readonly type: 'state' | 'progress';
  readonly job: JobInfo;
}

/** Filters of {@link JobQueue.list}. */
export interface JobFilter {
  readonly state?: readonly JobState[];
  readonly kind?: string;
  /** At most this many jobs (the newest that match): a listing costs its page, not every job kept. */
  readonly limit?: number;
}

/**
 * A queue of long-running jobs with progress, cancellation and resume from checkpoints.
 *
 * @example
 * ```ts
 * const job = await queue.submit({ kind: 'screen', input: { library: 'nci.smi' } });
 * const stop = queue.subscribe((e) => console.log(e.job.progress), { jobId: job.id });
 * const final = await queue.wait(job.id);
 * stop();
 * ```
 */
export interface JobQueue {
  /** Queues a job. Rejects with `JOB_HANDLER_UNKNOWN` when no handler is registered for `kind`. */
  submit<I extends Json>(spec: JobSpec<I>): Promise<JobInfo<I>>;
  /** One job, or undefined. */
  get(id: string): Promise<JobInfo | undefined>;
  /** Jobs, newest first. */
  list(filter?: JobFilter): Promise<JobInfo[]>;
  /**
   * Removes a finished job with its results and the files it owns; its id then answers as unknown.
   * Rejects with `JOB_NOT_FOUND`, or `JOB_NOT_FINISHED` for a job still queued or running (cancel it first).
   */
  remove(id: string): Promise<void>;
  /**
   * Resolves when the queue can take work (its store answers), with a note for an operator where its
   * store has lost jobs (a Redis restarted without persistence); rejects otherwise. Cheap enough for every
   * readiness probe.
   */
  ping(): Promise<string | undefined>;
  /**
   * Cancels a job: a queued one at once, a running one cooperatively (its handler's signal fires and it
   * stops between units of work). Rejects with `JOB_NOT_FOUND`.
   */
  cancel(id: string): Promise<JobInfo>;
  /** Calls `listener` on every state change and progress update (of one job, with `jobId`); returns an unsubscribe. */
  subscribe(listener: (event: JobEvent) => void, options?: { jobId?: string }): () => void;
  /**
   * Resolves with the job once it reaches a terminal state. Rejects with `JOB_NOT_FOUND`, or `ABORTED`
   * on the signal or when the queue closes first (the job resumes when a queue opens again).
   */
  wait(id: string, options?: { signal?: AbortSignal }): Promise<JobInfo>;
  /** Stops taking work; running jobs are asked to checkpoint and stop, and resume when a queue opens again. Cancel is refused while it closes. */
  close(): Promise<void>;
}

/** What a handler sees while it runs. */
export interface JobContext<I extends Json = Json, C extends Json = Json> {
  readonly jobId: string;
  readonly input: I;
  /** The last checkpoint saved by an earlier attempt: resume from here. Undefined on a fresh start. */
  readonly resume: C | undefined;
  /** Fires on cancel or shutdown: stop between units of work (after a checkpoint, ideally). */
  readonly signal: AbortSignal;
  /** A directory for this job's results (created when first read); survives attempts. */
  readonly resultsDir: string;
  /** Reports progress (cheap; call as often as you like). */
  progress(done: number, total?: number): void;
  /**
   * Saves a checkpoint durably and resolves once it is stored: a later attempt starts from it.
   * Write the results it covers before saving it, so a resume never skips unwritten work.
   */
  saveCheckpoint(state: C, progress?: { done: number; total?: number }): Promise<void>;
}

/** The code of one kind of job. A module's default export. */
export interface JobHandler<I extends Json = Json, C extends Json = Json, R extends Json = Json> {
  run(ctx: JobContext<I, C>): Promise<R>;
}

/**
 * Declares a job handler with its types; export it as the module's default.
 *
 * @example
 * ```ts
 * export default defineJob<{ n: number }, { next: number }, { sum: number }>({
 *   async run(ctx) { ... return { sum }; },
 * });
 * ```
 */
export function defineJob<I extends Json, C extends Json, R extends Json>(
  handler: JobHandler<I, C, R>,
): JobHandler<I, C, R> {
  return handler;
}
