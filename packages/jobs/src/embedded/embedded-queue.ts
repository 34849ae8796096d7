import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  AbortedError,
  InvalidArgumentError,
  isStrataError,
  JobError,
  silentLogger,
  type Logger,
} from '@strata/core';
import { handlerModules, HandlerThreads } from '../handler-threads.js';
import { JobEvents } from '../job-events.js';
import { jobInfo, submittedRecord, type JobRecord } from '../job-record.js';
import {
  assertRemovable,
  DEFAULT_RETENTION_MS,
  expired,
  removeJobFiles,
  startSweeper,
} from '../retention.js';
import { JobRunner, type ItemControl, type WorkItem } from '../run/job-runner.js';
import {
  TERMINAL_STATES,
  type JobEvent,
  type JobFilter,
  type JobInfo,
  type JobQueue,
  type JobSpec,
  type Json,
} from '../types.js';
import { Journal, type JournalDamage } from './journal.js';
import { JournalStore } from './journal-store.js';

/** Times the process may die under a job before the job fails instead of resuming (as BullMQ's stall limit). */
const MAX_CRASHES = 3;

/** Options of {@link EmbeddedJobQueue.open}. */
export interface EmbeddedJobQueueOptions {
  /** State directory: the job journal and each job's results (`results/<id>/`). */
  readonly dir: string;
  /** Handler module (path or URL) of each job kind; each module's default export is a `JobHandler`. */
  readonly handlers: Readonly<Record<string, string | URL>>;
  /** Worker threads, each running one job (or one shard of one) at a time. @defaultValue `os.availableParallelism()` */
  readonly workers?: number;
  /**
   * Heap cap of each job thread, in MB: a job that passes it fails (its thread is replaced) instead of
   * taking the process down. @defaultValue `4096`
   */
  readonly threadHeapMb?: number;
  /** Least time between two stored progress updates of one job, in ms (checkpoints are always stored). @defaultValue `1000` */
  readonly progressPersistMs?: number;
  /** How long a finished job, its results and its files are kept, in ms; 0 keeps them. @defaultValue 7 days */
  readonly retentionMs?: number;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

/**
 * The default {@link JobQueue}: jobs run on worker threads of this process, and state lives in an
 * append-only journal on disk, so a restarted process lists its old jobs and resumes unfinished ones
 * from their last checkpoint. It runs jobs through the same orchestrator as the Redis queue: a sharded
 * job's plan, each shard and its assemble step are attempts of their own, so shards of one job run in
 * parallel on the queue's threads. Cancellation is cooperative: a worker is never terminated inside a
 * run (terminating a thread inside ONNX Runtime's `run()` aborts the process).
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
  private readonly pending: WorkItem[] = [];
  /** Items being processed, each settling once its end is stored. */
  private readonly running = new Set<Promise<void>>();
  /** Shard items of each fanned-out job not yet run: at 0 its assemble step is queued. */
  private readonly outstanding = new Map<string, number>();
  private readonly threads: HandlerThreads;
  private readonly runner: JobRunner;
  private readonly modules: ReadonlyMap<string, string>;
  private readonly logger: Logger;
  private readonly events: JobEvents;
  private readonly workers: number;
  private closing: Promise<void> | undefined;
  private closed = false;
  private stopSweeper: () => void = () => undefined;
  private sweeping: Promise<void> | undefined;

  private constructor(
    private readonly options: EmbeddedJobQueueOptions,
    private readonly journal: Journal,
    private readonly store: JournalStore,
  ) {
    this.modules = handlerModules(options.handlers);
    this.logger = options.logger ?? silentLogger;
    this.workers = options.workers ?? availableParallelism();
    this.threads = new HandlerThreads(this.workers, {
      logger: this.logger,
      ...(options.threadHeapMb ? { heapMb: options.threadHeapMb } : {}),
    });
    this.events = new JobEvents(this.logger);
    this.runner = new JobRunner({
      store,
      threads: this.threads,
      modules: this.modules,
      resultsDir: resolve(options.dir, 'results'),
      progressPersistMs: options.progressPersistMs ?? 1000,
      logger: this.logger,
      update: async (job, patch) => this.update(job.id, patch) ?? job,
      progress: async (job) => this.emit('progress', job),
      closing: () => this.closing !== undefined,
      stop: async (id) => this.runner.abort(id, 'cancel'),
    });
  }

  /** Opens the queue on its state directory and resumes every unfinished job. */
  static async open(options: EmbeddedJobQueueOptions): Promise<EmbeddedJobQueue> {
    const workers = options.workers;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
      throw new InvalidArgumentError('workers', `workers must be a positive integer, got ${workers}`, {
        value: workers,
      });
    }
    const { journal, damage, ...state } = Journal.open(options.dir);
    const queue = new EmbeddedJobQueue(options, journal, new JournalStore(journal, state));
    if (damage) queue.reportDamage(damage);
    queue.resume();
    const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    queue.stopSweeper = startSweeper(retentionMs, () => queue.sweep(retentionMs), queue.logger);
    return queue;
  }

  async submit<I extends Json>(spec: JobSpec<I>): Promise<JobInfo<I>> {
    const job = submittedRecord(spec, { modules: this.modules, closing: this.closing !== undefined });
    this.store.add(job);
    this.pending.push({ id: job.id });
    this.emit('state', job);
    this.dispatch();
    return this.info(job) as JobInfo<I>;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const job = this.store.record(id);
    return job && this.info(job);
  }

  async list(filter: JobFilter = {}): Promise<JobInfo[]> {
    const all = [...this.store.records()];
    const found: JobInfo[] = [];
    for (let i = all.length - 1; i >= 0 && found.length < (filter.limit ?? Infinity); i--) {
      const j = all[i]!;
      if ((!filter.state || filter.state.includes(j.state)) && (!filter.kind || filter.kind === j.kind))
        found.push(this.info(j));
    }
    return found;
  }

  async remove(id: string): Promise<void> {
    const job = this.require(id);
    assertRemovable(job, this.runner.runs(id));
    // Files first: an id that answers as unknown has nothing left behind.
    await removeJobFiles(job, this.resultsDir(id), this.logger);
    this.store.remove(id);
  }

  async ping(): Promise<undefined> {
    if (this.closing) throw new JobError('JOB_STATE_LOCKED', 'the job queue is closed');
    return undefined;
  }

  async cancel(id: string): Promise<JobInfo> {
    const job = this.require(id);
    if (this.closing)
      throw new JobError('JOB_STATE_LOCKED', `the queue is closing; cancel job "${id}" after it reopens`, {
        context: { jobId: id },
      });
    if (TERMINAL_STATES.includes(job.state)) return this.info(job);
    const at = this.pending.findIndex((item) => item.id === id && item.shard === undefined);
    if (job.state === 'queued' && at >= 0) {
      this.pending.splice(at, 1);
      this.update(id, { state: 'cancelled', cancelRequested: true, finishedAt: new Date().toISOString() });
    } else {
      this.update(id, { cancelRequested: true });
      // Its running attempts stop between units of work; its shards still queued are dropped now, so the
      // assemble step that marks it cancelled comes as soon as those running end, not after other jobs.
      this.runner.abort(id, 'cancel');
      const queued = this.pending.filter((item) => item.id === id && item.shard !== undefined).length;
      if (queued) {
        this.pending.splice(
          0,
          this.pending.length,
          ...this.pending.filter((i) => i.id !== id || i.shard === undefined),
        );
        for (let n = 0; n < queued; n++) this.settled({ id, shard: -1 });
      }
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
      this.stopSweeper();
      await this.sweeping?.catch(() => undefined);
      this.pending.length = 0;
      // Running handlers are asked to stop, and return: a thread inside a native run must not be terminated.
      this.runner.abortAll('shutdown');
      await Promise.all(this.running);
      await this.threads.close();
      this.journal.close();
      this.closed = true;
      this.events.close(
        new AbortedError('the queue closed before the job finished; it resumes when a queue opens again'),
      );
    })();
    return this.closing;
  }

  /** Logs what the journal could not read: each damaged line (the first few), and each job whose record was lost. */
  private reportDamage({ lines, recovered, quarantined }: JournalDamage): void {
    for (const { line, reason } of lines.slice(0, 20))
      this.logger.error({ line, reason, quarantined }, 'damaged line in the job journal');
    if (lines.length > 20)
      this.logger.error({ lines: lines.length, quarantined }, 'more damaged lines in the job journal');
    for (const jobId of recovered)
      this.logger.error(
        { jobId, quarantined },
        'job record lost in the job journal: the job is kept as its other lines leave it',
      );
  }

  /** Queues every unfinished job again: a job the process died running goes back to its last checkpoint. */
  private resume(): void {
    const unfinished = [...this.store.records()].filter((j) => j.state === 'queued' || j.state === 'running');
    for (const job of unfinished.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const finishedAt = new Date().toISOString();
      // Found running: the process died under it. One that keeps killing its process is not resumed forever.
      const crashes = (job.crashes ?? 0) + (job.state === 'running' ? 1 : 0);
      if (job.cancelRequested) this.update(job.id, { state: 'cancelled', finishedAt });
      else if (crashes >= MAX_CRASHES) {
        const message = `the process running this job died under it ${crashes} times; it is not resumed again`;
        this.logger.error({ jobId: job.id, crashes }, message);
        this.update(job.id, { state: 'failed', error: { code: 'JOB_FAILED', message }, finishedAt, crashes });
      } else {
        if (job.state === 'running')
          this.update(job.id, { state: 'queued', done: job.checkpointDone, attemptStartMs: null, crashes });
        this.pending.push({ id: job.id });
      }
    }
    if (unfinished.length) this.logger.info({ jobs: unfinished.length }, 'resuming unfinished jobs');
    this.dispatch();
  }

  /** Removes the jobs that ended longer than the retention ago (and whose attempts have all ended). */
  private async sweep(retentionMs: number): Promise<void> {
    const now = Date.now();
    const sweeping = (async () => {
      for (const job of [...this.store.records()])
        if (expired(job, retentionMs, now) && !this.closing && !this.runner.runs(job.id))
          await this.remove(job.id).catch((err: unknown) => {
            if (!isStrataError(err, 'JOB_NOT_FOUND')) throw err; // removed by a user meanwhile
          });
    })();
    this.sweeping = sweeping;
    await sweeping;
  }

  private resultsDir(id: string): string {
    return resolve(this.options.dir, 'results', id);
  }

  private require(id: string): JobRecord {
    const job = this.store.record(id);
    if (!job) throw new JobError('JOB_NOT_FOUND', `job "${id}" does not exist`, { context: { jobId: id } });
    return job;
  }

  private info(job: JobRecord): JobInfo {
    return jobInfo(job, this.resultsDir(job.id));
  }

  /** Stores a change and publishes it; undefined when the job has ended (and stays as it ended). */
  private update(id: string, patch: Partial<JobRecord>): JobRecord | undefined {
    if (!this.store.patchNow(id, patch)) return undefined;
    const job = this.store.record(id)!;
    this.emit('state', job);
    return { ...job };
  }

  private emit(type: JobEvent['type'], job: JobRecord): void {
    if (this.events.listening(job.id)) this.events.emit({ type, job: this.info(job) });
  }

  private dispatch(): void {
    while (this.pending.length && !this.closing && this.running.size < this.workers) {
      const item = this.pending.shift()!;
      const processed: Promise<void> = this.runner
        .process(item, this.control())
        .catch((err: unknown) => this.logger.error({ err, jobId: item.id }, 'job item failed'))
        .finally(() => {
          this.running.delete(processed);
          this.settled(item);
          this.dispatch();
        });
      this.running.add(processed);
    }
  }

  /** After a job's last shard item has run, however it ended, its assemble step comes next. */
  private settled(item: WorkItem): void {
    if (item.shard === undefined || this.closing) return;
    const left = (this.outstanding.get(item.id) ?? 1) - 1;
    if (left > 0) return void this.outstanding.set(item.id, left);
    this.outstanding.delete(item.id);
    this.pending.unshift({ id: item.id, step: 'assemble' });
  }

  /** This queue's side of the runner's scheduling: shards and assemble are items of its list. */
  private control(): ItemControl {
    return {
      fanOut: async (job, shards) => {
        const committed = (await this.store.shards(job.id)).output;
        const missing = shards.map((_, i) => i).filter((i) => !committed.has(i));
        if (missing.length === 0) return false;
        this.outstanding.set(job.id, missing.length);
        this.pending.push(...missing.map((shard) => ({ id: job.id, shard })));
        return true;
      },
      // Nothing to hand back: the journal keeps the job unfinished, and a reopened queue resumes it.
      release: async () => undefined,
    };
  }
}
