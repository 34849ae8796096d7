import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AbortedError, InvalidArgumentError, JobError, silentLogger, type Logger } from '@strata/core';
import { handlerModules, HandlerThreads } from '../handler-threads.js';
import { JobEvents } from '../job-events.js';
import { jobInfo, submittedRecord, type JobRecord } from '../job-record.js';
import {
  TERMINAL_STATES,
  type JobEvent,
  type JobFilter,
  type JobInfo,
  type JobQueue,
  type JobSpec,
  type Json,
} from '../types.js';
import { assertRemovable, DEFAULT_RETENTION_MS, removeJobFiles, startSweeper } from '../retention.js';
import { JobRunner, type WorkItem } from '../run/job-runner.js';
import { bullControl } from './bull-control.js';
import { redactedUrl } from './redacted-url.js';
import { StoreLoss } from './store-loss.js';
import { RedisJobStore } from './redis-store.js';

/** Options of {@link RedisJobQueue.open}. */
export interface RedisJobQueueOptions {
  /** The Redis server, e.g. `redis://10.0.0.5:6379/0`. */
  readonly url: string;
  /** Handler module (path or URL) of each job kind; every process of one queue registers the same kinds. */
  readonly handlers: Readonly<Record<string, string | URL>>;
  /** A directory every worker and API process reaches (a shared mount): job `<id>` writes to `<dir>/<id>`. */
  readonly resultsDir: string;
  /** Prefix of every Redis key, so that several queues share one server. @defaultValue `'strata'` */
  readonly prefix?: string;
  /** Jobs this process runs at once on its own threads; 0 for a process that only submits and reads. @defaultValue `os.availableParallelism()` */
  readonly workers?: number;
  /**
   * Heap cap of each job thread, in MB: a job that passes it fails (its thread is replaced) instead of
   * taking the process down. @defaultValue `4096`
   */
  readonly threadHeapMb?: number;
  /** How long a worker's claim on a job lasts without renewal; a dead worker's job is taken again after it. @defaultValue `30000` */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. @defaultValue `15000` */
  readonly stalledIntervalMs?: number;
  /** Times a job may lose its worker before it fails. @defaultValue `3` */
  readonly maxStalledCount?: number;
  /** Least time between two stored progress updates of one job, in ms (events go out on every update). @defaultValue `1000` */
  readonly progressPersistMs?: number;
  /** How long a finished job, its results and its files are kept, in ms; 0 keeps them. @defaultValue 7 days */
  readonly retentionMs?: number;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

// BullMQ's keys are <prefix>:bullmq:*; the job records' are <prefix>:job:*, beside them.
const QUEUE = 'bullmq';
const now = () => new Date().toISOString();

/**
 * The scale-out {@link JobQueue}: jobs on Redis with BullMQ, so API processes and any number of worker
 * processes on any machines share one queue. BullMQ hands each job to one worker, renews its lock while
 * it runs, and gives the job of a dead worker to another (stall detection), which resumes it from its
 * last checkpoint. Job records (state, progress, checkpoints, results) live in Redis hashes; every change
 * is published, so any process can follow any job. Handlers run on worker threads, as in the embedded queue.
 *
 * @example
 * ```ts
 * const queue = await RedisJobQueue.open({ url: 'redis://127.0.0.1:6379', handlers: DRUG_JOBS, resultsDir: '/shared/strata' });
 * const job = await queue.submit({ kind: 'drug.screen', input });
 * console.log((await queue.wait(job.id)).state);
 * await queue.close();
 * ```
 */
export class RedisJobQueue implements JobQueue {
  private readonly events: JobEvents;
  private readonly logger: Logger;
  private readonly modules: ReadonlyMap<string, string>;
  private readonly threads: HandlerThreads;
  private readonly retentionMs: number;
  private stopSweeper: () => void = () => undefined;
  private worker:
    { readonly bull: Worker<WorkItem>; readonly connection: Redis; readonly runner: JobRunner } | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private readonly loss: StoreLoss;

  private constructor(
    private readonly options: RedisJobQueueOptions,
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly store: RedisJobStore,
    private readonly queue: Queue,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.loss = new StoreLoss(this.logger);
    this.events = new JobEvents(this.logger);
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.modules = handlerModules(options.handlers);
    this.threads = new HandlerThreads(Math.max(1, options.workers ?? availableParallelism()), {
      logger: this.logger,
      ...(options.threadHeapMb ? { heapMb: options.threadHeapMb } : {}),
    });
  }

  private get prefix(): string {
    return this.options.prefix ?? 'strata';
  }

  /** Connects to Redis and, with workers, starts taking jobs. Rejects when Redis cannot be reached. */
  static async open(options: RedisJobQueueOptions): Promise<RedisJobQueue> {
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 0)
      throw new InvalidArgumentError('workers', `workers must be a whole number ≥ 0, got ${workers}`);
    const prefix = options.prefix ?? 'strata';
    // BullMQ's blocking commands need connections that retry forever; a failed first connect still rejects.
    const logger = options.logger ?? silentLogger;
    const connect = () => {
      const c = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: true });
      // ioredis reconnects by itself; a connection error is worth a log line, not a crash.
      c.on('error', (err: Error) => logger.warn({ err: err.message }, 'Redis connection error'));
      return c;
    };
    const redis = connect();
    const subscriber = connect();
    try {
      await Promise.all([redis.connect(), subscriber.connect()]);
    } catch (err) {
      redis.disconnect();
      subscriber.disconnect();
      throw new JobError(
        'JOB_STATE_LOCKED',
        `cannot reach Redis at ${redactedUrl(options.url)}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const queue = new Queue(QUEUE, { connection: redis, prefix });
    const q = new RedisJobQueue(options, redis, subscriber, new RedisJobStore(redis, prefix), queue);
    await q.listen();
    await q.ping();
    if (workers > 0) q.startWorker(workers);
    // Any process sweeps: several sweeping at once remove each job once (removal is idempotent).
    q.stopSweeper = startSweeper(q.retentionMs, () => q.sweep(q.retentionMs), q.logger);
    return q;
  }

  async submit<I extends Json>(spec: JobSpec<I>): Promise<JobInfo<I>> {
    const job = submittedRecord(spec, { modules: this.modules, closing: this.closing !== undefined });
    await this.store.add(job);
    // The record first: a worker that takes the job at once finds it.
    await this.queue.add(
      spec.kind,
      { id: job.id },
      { jobId: job.id, removeOnComplete: true, removeOnFail: true },
    );
    await this.publish('state', job);
    return this.info(job) as JobInfo<I>;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const job = await this.store.get(id);
    return job && this.info(job);
  }

  async list(filter: JobFilter = {}): Promise<JobInfo[]> {
    const keep = (j: JobRecord) =>
      (!filter.state || filter.state.includes(j.state)) && (!filter.kind || filter.kind === j.kind);
    const page = {
      ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
      ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
    };
    return (await this.store.list(keep, page)).map((j) => this.info(j));
  }

  async remove(id: string): Promise<void> {
    const job = await this.require(id);
    assertRemovable(job);
    // Files first: an id that answers as unknown has nothing left behind.
    await removeJobFiles(job, resolve(this.options.resultsDir, id), this.logger);
    await this.store.remove(id, job.kind);
  }

  /** Resolves while Redis answers, with a note once its data was found lost; rejects when it does not answer. */
  async ping(): Promise<string | undefined> {
    return this.loss.seen(await this.store.epoch());
  }

  /** Removes the jobs that ended longer than the retention ago, a hundred at a time. */
  private async sweep(retentionMs: number): Promise<void> {
    for (;;) {
      const ids = await this.store.finishedBefore(Date.now() - retentionMs, 100);
      for (const id of ids) {
        const job = await this.store.get(id);
        const files = job?.files ?? (await this.store.files(id));
        await removeJobFiles({ id, files }, resolve(this.options.resultsDir, id), this.logger);
        await this.store.remove(id, job?.kind);
      }
      if (ids.length < 100 || this.closing) return;
    }
  }

  async cancel(id: string): Promise<JobInfo> {
    const job = await this.require(id);
    if (this.closing)
      throw new JobError('JOB_STATE_LOCKED', `the queue is closing; cancel job "${id}" after it reopens`, {
        context: { jobId: id },
      });
    if (TERMINAL_STATES.includes(job.state)) return this.info(job);
    if (job.state === 'queued' && (await this.removeWaiting(id)))
      return this.info(
        await this.update(job, { state: 'cancelled', cancelRequested: true, finishedAt: now() }),
      );
    // Running (or just taken by a worker): its worker stops it between units of work.
    await this.store.patch(id, { cancelRequested: true });
    await this.redis.publish(this.channel('control'), JSON.stringify({ cancel: id }));
    return this.info({ ...job, cancelRequested: true });
  }

  /**
   * The shards of a sharded job, in plan order: each one's units of work, units done and whether its
   * output is committed. Empty for a job that is not sharded (or not planned yet).
   */
  async shards(id: string): Promise<{ units: number; done: number; committed: boolean }[]> {
    const job = await this.require(id);
    const states = await this.store.shards(id);
    return (job.shards ?? []).map((s, i) => ({
      units: s.units,
      done: states.done.get(i) ?? 0,
      committed: states.output.has(i),
    }));
  }

  subscribe(listener: (event: JobEvent) => void, options: { jobId?: string } = {}): () => void {
    return this.events.subscribe(listener, options.jobId);
  }

  async wait(id: string, options: { signal?: AbortSignal } = {}): Promise<JobInfo> {
    const done = new AbortController();
    const stop = () => done.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    // Listen first, then read: a job that ends in between is seen by one or the other.
    const ended = this.events.wait(id, done.signal);
    try {
      const job = await this.require(id);
      if (TERMINAL_STATES.includes(job.state)) return this.info(job);
      if (this.closed)
        throw new AbortedError(`the queue is closed; job "${id}" resumes when a queue opens again`);
      return await ended;
    } finally {
      options.signal?.removeEventListener('abort', stop);
      done.abort();
      ended.catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopSweeper();
      // Stop taking jobs, ask running handlers to checkpoint and stop; their jobs go back to the queue.
      const stopped = this.worker?.bull.close();
      this.worker?.runner.abortAll('shutdown');
      await stopped;
      this.worker?.connection.disconnect();
      await this.threads.close();
      await this.queue.close();
      this.subscriber.disconnect();
      await this.redis.quit();
      this.closed = true;
      this.events.close(
        new AbortedError('the queue closed before the job finished; it resumes when a queue opens again'),
      );
    })();
    return this.closing;
  }

  private channel(name: 'events' | 'control'): string {
    return `${this.prefix}:${name}`;
  }

  private async listen(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel('events')) this.events.emit(JSON.parse(message) as JobEvent);
      else {
        const { cancel } = JSON.parse(message) as { cancel?: string };
        if (cancel) this.worker?.runner.abort(cancel, 'cancel');
      }
    });
    await this.subscriber.subscribe(this.channel('events'), this.channel('control'));
  }

  private async require(id: string): Promise<JobRecord> {
    const job = await this.store.get(id);
    if (!job) throw new JobError('JOB_NOT_FOUND', `job "${id}" does not exist`, { context: { jobId: id } });
    return job;
  }

  private info(job: JobRecord): JobInfo {
    return jobInfo(job, resolve(this.options.resultsDir, job.id));
  }

  /** Stores and publishes a change; a job that has ended meanwhile stays as it ended. */
  private async update(job: JobRecord, patch: Partial<JobRecord>): Promise<JobRecord> {
    if (!(await this.store.patch(job.id, patch))) return (await this.store.get(job.id)) ?? job;
    // A sharded job's shard checkpoints and outputs are no use once it has ended.
    if (patch.state && TERMINAL_STATES.includes(patch.state)) {
      if (job.shards) await this.store.dropShards(job.id);
      await this.store.finished(job.id, this.retentionMs, job.files);
    }
    const next = { ...job, ...patch };
    await this.publish('state', next);
    return next;
  }

  private publish(type: JobEvent['type'], job: JobRecord): Promise<number> {
    return this.redis.publish(this.channel('events'), JSON.stringify({ type, job: this.info(job) }));
  }

  /** Removes a job BullMQ has not handed to a worker yet; false when one holds it. */
  private async removeWaiting(id: string): Promise<boolean> {
    const bull = await this.queue.getJob(id);
    if (!bull) return false;
    try {
      await bull.remove();
      return true;
    } catch {
      return false; // locked: a worker has just taken it
    }
  }

  private startWorker(concurrency: number): void {
    const o = this.options;
    const connection = this.redis.duplicate();
    connection.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'Redis connection error'));
    const runner = new JobRunner({
      store: this.store,
      threads: this.threads,
      modules: this.modules,
      resultsDir: this.options.resultsDir,
      progressPersistMs: o.progressPersistMs ?? 1000,
      logger: this.logger,
      update: (job, patch) => this.update(job, patch),
      progress: (job) => this.publish('progress', job),
      stop: (id) => this.redis.publish(this.channel('control'), JSON.stringify({ cancel: id })),
      closing: () => this.closing !== undefined,
    });
    const worker = new Worker<WorkItem>(
      QUEUE,
      (bull, token) => runner.process(bull.data, bullControl(this.queue, bull, token)),
      {
        connection,
        prefix: this.prefix,
        concurrency,
        lockDuration: o.lockDurationMs ?? 30_000,
        stalledInterval: o.stalledIntervalMs ?? 15_000,
        maxStalledCount: o.maxStalledCount ?? 3,
      },
    );
    // A job BullMQ fails is one whose workers kept dying (the processor itself never fails a job).
    worker.on('failed', (bull, err) => {
      if (bull?.data.id)
        runner
          .failLost(bull.data.id, err.message)
          .catch((e: unknown) => this.logger.error({ err: e }, 'job not failed'));
    });
    worker.on('error', (err) => this.logger.error({ err }, 'job worker error'));
    this.worker = { bull: worker, connection, runner };
  }
}
