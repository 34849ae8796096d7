import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { AbortedError, InvalidArgumentError, JobError, silentLogger, type Logger } from '@strata/core';
import {
  TERMINAL_STATES,
  type JobEvent,
  type JobFilter,
  type JobInfo,
  type JobQueue,
  type JobSpec,
  type Json,
} from '../types.js';
import { handlerModuleUrl, HandlerThreads } from '../handler-threads.js';
import { JobEvents } from '../job-events.js';
import { newJobRecord, type JobRecord } from '../job-record.js';
import { endOfAttempt, progressOf, type Attempt, type AttemptOutcome } from '../lifecycle.js';
import { Journal } from './journal.js';

/** Options of {@link EmbeddedJobQueue.open}. */
export interface EmbeddedJobQueueOptions {
  /** State directory: the job journal and each job's results (`results/<id>/`). */
  readonly dir: string;
  /** Handler module (path or URL) of each job kind; each module's default export is a `JobHandler`. */
  readonly handlers: Readonly<Record<string, string | URL>>;
  /** Worker threads, each running one job at a time. @defaultValue `os.availableParallelism()` */
  readonly workers?: number;
  /** Least time between two stored progress updates of one job, in ms (checkpoints are always stored). @defaultValue `1000` */
  readonly progressPersistMs?: number;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

/**
 * The default {@link JobQueue}: jobs run on worker threads of this process, and state lives in an
 * append-only journal on disk, so a restarted process lists its old jobs and resumes unfinished ones
 * from their last checkpoint. Cancellation is cooperative: a worker is never terminated inside a run
 * (terminating a thread inside ONNX Runtime's `run()` aborts the process).
 *
 * @example
 * ```ts
 * const queue = await EmbeddedJobQueue.open({ dir: '.strata/jobs', handlers: { screen: new URL('./screen-job.js', import.meta.url) } });
 * const job = await queue.submit({ kind: 'screen', input: { file: 'library.smi' } });
 * console.log((await queue.wait(job.id)).state);
 * await queue.close();
 * ```
 */
export class EmbeddedJobQueue implements JobQueue {
  private readonly pending: string[] = [];
  private readonly threads: HandlerThreads;
  private readonly attempts = new Map<string, Attempt>();
  /** Attempts running, each settling once its end is stored. */
  private readonly running = new Set<Promise<void>>();
  private readonly modules: ReadonlyMap<string, string>;
  private readonly logger: Logger;
  private closing: Promise<void> | undefined;
  private closed = false;
  private readonly events: JobEvents;

  private constructor(
    private readonly options: EmbeddedJobQueueOptions,
    private readonly journal: Journal,
    private readonly jobs: Map<string, JobRecord>,
  ) {
    this.modules = new Map(Object.entries(options.handlers).map(([kind, m]) => [kind, handlerModuleUrl(m)]));
    this.logger = options.logger ?? silentLogger;
    this.threads = new HandlerThreads(options.workers ?? availableParallelism(), this.logger);
    this.events = new JobEvents(this.logger);
  }

  /** Opens the queue on its state directory and resumes every unfinished job. */
  static async open(options: EmbeddedJobQueueOptions): Promise<EmbeddedJobQueue> {
    const workers = options.workers;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
      throw new InvalidArgumentError('workers', `workers must be a positive integer, got ${workers}`, {
        value: workers,
      });
    }
    const { journal, jobs } = Journal.open(options.dir);
    const queue = new EmbeddedJobQueue(options, journal, jobs);
    const unfinished = [...jobs.values()].filter((j) => j.state === 'queued' || j.state === 'running');
    for (const job of unfinished.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      // A job the process died running goes back to its last checkpoint, unless it was being cancelled.
      if (job.cancelRequested)
        queue.update(job, { state: 'cancelled', finishedAt: new Date().toISOString() });
      else {
        if (job.state === 'running') queue.update(job, { state: 'queued', done: job.checkpointDone });
        queue.pending.push(job.id);
      }
    }
    if (unfinished.length) queue.logger.info({ jobs: unfinished.length }, 'resuming unfinished jobs');
    queue.dispatch();
    return queue;
  }

  async submit<I extends Json>(spec: JobSpec<I>): Promise<JobInfo<I>> {
    if (this.closing)
      throw new JobError('JOB_STATE_LOCKED', 'the queue is closing', { context: { kind: spec.kind } });
    if (!this.modules.has(spec.kind)) {
      throw new JobError(
        'JOB_HANDLER_UNKNOWN',
        `no handler for job kind "${spec.kind}"; known: ${[...this.modules.keys()].join(', ')}`,
        {
          context: { kind: spec.kind },
        },
      );
    }
    const job = newJobRecord(spec);
    this.jobs.set(job.id, job);
    this.journal.add(job);
    this.pending.push(job.id);
    this.emit('state', job);
    this.dispatch();
    return this.info(job) as JobInfo<I>;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const job = this.jobs.get(id);
    return job && this.info(job);
  }

  async list(filter: JobFilter = {}): Promise<JobInfo[]> {
    return [...this.jobs.values()]
      .filter(
        (j) => (!filter.state || filter.state.includes(j.state)) && (!filter.kind || filter.kind === j.kind),
      )
      .reverse()
      .map((j) => this.info(j));
  }

  async cancel(id: string): Promise<JobInfo> {
    const job = this.require(id);
    if (this.closing)
      throw new JobError('JOB_STATE_LOCKED', `the queue is closing; cancel job "${id}" after it reopens`, {
        context: { jobId: id },
      });
    if (TERMINAL_STATES.includes(job.state)) return this.info(job);
    if (job.state === 'queued') {
      const at = this.pending.indexOf(id);
      if (at >= 0) this.pending.splice(at, 1);
      this.update(job, { state: 'cancelled', cancelRequested: true, finishedAt: new Date().toISOString() });
    } else {
      this.update(job, { cancelRequested: true });
      this.threads.abort(id, 'cancel');
    }
    return this.info(job);
  }

  subscribe(listener: (event: JobEvent) => void, options: { jobId?: string } = {}): () => void {
    return this.events.subscribe(listener, options.jobId);
  }

  async wait(id: string, options: { signal?: AbortSignal } = {}): Promise<JobInfo> {
    const job = this.require(id);
    if (TERMINAL_STATES.includes(job.state)) return this.info(job);
    // While the queue drains, a running job may still finish; once it has closed, nothing will.
    if (this.closed)
      throw new AbortedError(`the queue is closed; job "${id}" resumes when a queue opens again`);
    return this.events.wait(id, options.signal);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.pending.length = 0;
      // Running handlers are asked to stop, and return: a thread inside a native run must not be terminated.
      await this.threads.close();
      await Promise.all(this.running);
      this.journal.close();
      const closed = new AbortedError(
        'the queue closed before the job finished; it resumes when a queue opens again',
      );
      this.closed = true;
      this.events.close(closed);
    })();
    return this.closing;
  }

  private require(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job) throw new JobError('JOB_NOT_FOUND', `job "${id}" does not exist`, { context: { jobId: id } });
    return job;
  }

  private info(job: JobRecord): JobInfo {
    const { checkpoint: _c, checkpointDone: _d, done: _done, total: _total, ...rest } = job;
    return {
      ...rest,
      progress: progressOf(job, this.attempts.get(job.id)),
      resultsLocation: this.resultsDir(job.id),
    };
  }

  private resultsDir(id: string): string {
    return resolve(this.options.dir, 'results', id);
  }

  /** Stores a change, then applies it: a change the journal refuses never shows in memory. */
  private update(job: JobRecord, patch: Partial<JobRecord>): void {
    this.journal.patch(job.id, patch);
    Object.assign(job, patch);
    this.emit('state', job);
  }

  private emit(type: JobEvent['type'], job: JobRecord): void {
    if (this.events.listening(job.id)) this.events.emit({ type, job: this.info(job) });
  }

  private dispatch(): void {
    while (this.pending.length && !this.closing && this.threads.free) {
      const job = this.jobs.get(this.pending.shift()!)!;
      this.attempts.set(job.id, {
        startMs: performance.now(),
        doneAtStart: job.checkpointDone,
        lastPersistMs: 0,
      });
      this.update(job, {
        state: 'running',
        attempts: job.attempts + 1,
        resumedFrom: job.checkpointDone,
        done: job.checkpointDone,
        startedAt: job.startedAt ?? new Date().toISOString(),
      });
      const module = this.modules.get(job.kind);
      if (!module) {
        const error = { code: 'JOB_HANDLER_UNKNOWN', message: `no handler for job kind "${job.kind}"` };
        this.finish(job, { kind: 'threw', error, aborted: false });
        continue;
      }
      const run = {
        id: job.id,
        module,
        input: job.input,
        resume: job.checkpoint,
        resultsDir: this.resultsDir(job.id),
      };
      const attempt = this.threads
        .run(run, {
          progress: (done, total) => this.onProgress(job, done, total),
          checkpoint: async (state, done, total) => this.onCheckpoint(job, state, done, total),
        })
        .then((outcome) => {
          this.running.delete(attempt);
          this.finish(job, outcome);
        });
      this.running.add(attempt);
    }
  }

  private onCheckpoint(job: JobRecord, state: Json, done = job.done, total = job.total ?? undefined): void {
    const patch = { checkpoint: state, checkpointDone: done, done, total: total ?? job.total };
    // Not stored (a full disk): this throws, and the handler's saveCheckpoint rejects instead of hanging.
    this.journal.patch(job.id, patch, { sync: true });
    Object.assign(job, patch);
    this.attempts.get(job.id)!.lastPersistMs = performance.now();
    this.emit('progress', job);
  }

  private onProgress(job: JobRecord, done: number, total: number | undefined): void {
    job.done = done;
    if (total !== undefined) job.total = total;
    const attempt = this.attempts.get(job.id);
    const now = performance.now();
    if (attempt && now - attempt.lastPersistMs >= (this.options.progressPersistMs ?? 1000)) {
      attempt.lastPersistMs = now;
      this.journal.patch(job.id, { done: job.done, total: job.total });
    }
    this.emit('progress', job);
  }

  private finish(job: JobRecord, outcome: AttemptOutcome): void {
    this.attempts.delete(job.id);
    this.update(job, endOfAttempt(job, outcome, this.closing !== undefined));
    this.dispatch();
  }
}
