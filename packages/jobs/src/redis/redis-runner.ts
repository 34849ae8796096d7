import { resolve } from 'node:path';
import { DelayedError, WaitingChildrenError, type Job as BullJob, type Queue } from 'bullmq';
import type { Logger } from '@strata/core';
import type { HandlerThreads, ThreadRun } from '../handler-threads.js';
import { endOfAttempt, type AttemptOutcome } from '../lifecycle.js';
import type { ShardSpec } from '../sharded.js';
import { TERMINAL_STATES } from '../types.js';
import type { JobStore, StoredJob } from './job-store.js';

/** What a BullMQ job carries: the Strata job's id, the shard it is (for a shard), and the parent's step. */
export interface BullData {
  readonly id: string;
  readonly shard?: number;
  readonly step?: 'assemble';
}

/** What the runner needs of its queue. */
export interface RunnerDeps {
  readonly store: JobStore;
  readonly threads: HandlerThreads;
  readonly queue: Queue;
  readonly modules: ReadonlyMap<string, string>;
  readonly resultsDir: string;
  readonly progressPersistMs: number;
  readonly logger: Logger;
  /** Stores a change to a job and publishes it; resolves with the changed job. */
  update(job: StoredJob, patch: Partial<StoredJob>): Promise<StoredJob>;
  /** Publishes a progress event of a job. */
  progress(job: StoredJob): Promise<unknown>;
  closing(): boolean;
  /** Tells every process to stop the attempts of a job (its shards elsewhere). */
  stop(jobId: string): Promise<unknown>;
}

const now = () => new Date().toISOString();
const unitsOf = (shards: readonly ShardSpec[]) => shards.reduce((n, s) => n + s.units, 0);

/**
 * Runs the jobs BullMQ hands this process: a whole job on a handler thread, or a sharded one as a
 * parent that plans and adds its shards as child jobs (any worker takes them), then assembles the
 * result once BullMQ says every child has completed. Shards commit their outputs to Redis; a shard
 * run again after a worker died resumes from its own checkpoint, and a committed one is never re-run.
 */
export class RedisRunner {
  /** Attempts running here, by thread-run id (`<job>`, `<job>#<shard>`), with their job's id. */
  private readonly running = new Map<string, string>();

  constructor(private readonly d: RunnerDeps) {}

  /** Asks every attempt of a job running here (the job, or its shards) to stop. */
  abort(jobId: string, reason: 'cancel' | 'shutdown'): void {
    for (const [run, job] of this.running) if (job === jobId) this.d.threads.abort(run, reason);
  }

  /** Asks every attempt running here to stop. */
  abortAll(reason: 'shutdown'): void {
    for (const run of this.running.keys()) this.d.threads.abort(run, reason);
  }

  /** BullMQ's processor. It never throws but to hand a job back (a shutdown) or wait for children. */
  async process(bull: BullJob<BullData>, token: string | undefined): Promise<void> {
    const { id, shard, step } = bull.data;
    const job = await this.d.store.get(id);
    if (!job || TERMINAL_STATES.includes(job.state) || (shard !== undefined && job.cancelRequested)) return;
    if (this.d.closing()) return release(bull, token);
    if (job.cancelRequested)
      return void (await this.d.update(job, { state: 'cancelled', finishedAt: now() }));
    const module = this.d.modules.get(job.kind);
    if (!module) {
      const error = { code: 'JOB_HANDLER_UNKNOWN', message: `no handler for job kind "${job.kind}" here` };
      return void (await this.d.update(job, { state: 'failed', error, finishedAt: now() }));
    }
    if (shard !== undefined) return this.runShard(bull, token, job, module, shard);
    if (step === 'assemble') return this.assemble(bull, token, job, module);
    return this.start(bull, token, job, module);
  }

  /** A job BullMQ failed: its workers kept dying (the processor itself never fails a job). */
  async failLost(id: string, reason: string): Promise<void> {
    const job = await this.d.store.get(id);
    if (!job || TERMINAL_STATES.includes(job.state)) return;
    const error = { code: 'JOB_FAILED', message: `the job's worker was lost: ${reason}` };
    await this.d.update(job, { state: 'failed', error, finishedAt: now(), attemptStartMs: null });
  }

  private run(
    job: StoredJob,
    run: Omit<ThreadRun, 'input' | 'resultsDir' | 'jobId'>,
    hooks: Parameters<HandlerThreads['run']>[1],
  ): Promise<AttemptOutcome> {
    this.running.set(run.id, job.id);
    const attempt = this.d.threads.run(
      { ...run, jobId: job.id, input: job.input, resultsDir: resolve(this.d.resultsDir, job.id) },
      hooks,
    );
    // A close, or a cancel, that came while the attempt was starting found nothing here to stop.
    if (this.d.closing()) this.d.threads.abort(run.id, 'shutdown');
    void this.stopIfEnded(job.id, run.id);
    return attempt.finally(() => this.running.delete(run.id));
  }

  /** Stops an attempt whose job was cancelled or has ended (another shard failed) meanwhile. */
  private async stopIfEnded(jobId: string, runId: string): Promise<void> {
    try {
      const j = await this.d.store.status(jobId);
      if (!j || j.cancelRequested || TERMINAL_STATES.includes(j.state)) this.d.threads.abort(runId, 'cancel');
    } catch (err) {
      this.d.logger.error({ err, jobId }, 'cannot read the job');
    }
  }

  private async start(
    bull: BullJob<BullData>,
    token: string | undefined,
    job: StoredJob,
    module: string,
  ): Promise<void> {
    job = await this.d.update(job, {
      state: 'running',
      attempts: job.attempts + 1,
      resumedFrom: job.checkpointDone,
      done: job.checkpointDone,
      startedAt: job.startedAt ?? now(),
      attemptStartMs: Date.now(),
      doneAtStart: job.checkpointDone,
    });
    let shards = job.shards ?? null;
    if (!shards) {
      const planned = await this.run(
        job,
        { id: `${job.id}#plan`, module, resume: undefined, phase: 'plan' },
        NO_HOOKS,
      );
      if (planned.kind !== 'done') return this.end(bull, token, job, planned);
      if (planned.result === null) {
        const whole = await this.runWhole(job, module);
        return this.end(bull, token, { ...job, done: whole.done }, whole.outcome);
      }
      shards = planned.result as ShardSpec[];
      job = await this.d.update(job, { shards, total: unitsOf(shards) });
    }
    // Adding a child that exists already does nothing: a parent started again adds only the missing ones.
    const parent = { id: bull.id!, queue: bull.queueQualifiedName };
    await this.d.queue.addBulk(
      shards.map((_, index) => ({
        name: `${job.kind}#shard`,
        data: { id: job.id, shard: index },
        opts: { jobId: `${job.id}.${index}`, parent, removeOnComplete: true, removeOnFail: true },
      })),
    );
    await bull.updateData({ id: job.id, step: 'assemble' });
    if (await bull.moveToWaitingChildren(token!)) throw new WaitingChildrenError();
    return this.assemble(bull, token, job, module);
  }

  private async runWhole(job: StoredJob, module: string): Promise<{ outcome: AttemptOutcome; done: number }> {
    const current = { ...job, persistedMs: 0 };
    const outcome = await this.run(
      job,
      { id: job.id, module, resume: job.checkpoint },
      {
        progress: (done, total) => {
          current.done = done;
          if (total !== undefined) current.total = total;
          void this.reportProgress(current, () => this.d.store.patch(job.id, { done, total: current.total }));
        },
        checkpoint: async (state, done = current.done, total = current.total ?? undefined) => {
          const patch = { checkpoint: state, checkpointDone: done, done, total: total ?? current.total };
          await this.d.store.patch(job.id, patch);
          Object.assign(current, patch, { persistedMs: Date.now() });
          await this.d.progress(current);
        },
      },
    );
    return { outcome, done: current.done };
  }

  /** Publishes progress, storing it first when the last stored progress is old enough. */
  private async reportProgress(
    current: StoredJob & { persistedMs: number },
    store: () => Promise<unknown>,
  ): Promise<void> {
    try {
      if (Date.now() - current.persistedMs >= this.d.progressPersistMs) {
        current.persistedMs = Date.now();
        await store();
      }
      await this.d.progress(current);
    } catch (err) {
      this.d.logger.error({ err, jobId: current.id }, 'progress not stored');
    }
  }

  private async runShard(
    bull: BullJob<BullData>,
    token: string | undefined,
    job: StoredJob,
    module: string,
    index: number,
  ): Promise<void> {
    const states = await this.d.store.shards(job.id);
    if (states.output.has(index)) return; // committed by an earlier attempt
    const resumeFrom = states.done.get(index) ?? 0;
    this.d.logger.info({ jobId: job.id, shard: index, resumeFrom }, 'shard started');
    const spec = job.shards![index]!;
    // The job's done: the sum over its shards as last stored, plus this shard's progress since then.
    let stored = { sum: [...states.done.values()].reduce((a, b) => a + b, 0), shard: resumeFrom };
    const current = { ...job, persistedMs: 0 };
    const report = (done: number, force = false) => {
      current.done = stored.sum + done - stored.shard;
      if (force) current.persistedMs = 0;
      return this.reportProgress(current, async () => {
        const sum = await this.d.store.shardDone(job.id, index, done);
        if (sum >= 0) stored = { sum, shard: done };
        current.done = stored.sum;
      });
    };
    const outcome = await this.run(
      job,
      {
        id: `${job.id}#${index}`,
        module,
        resume: states.checkpoint.get(index),
        phase: 'shard',
        shard: spec,
        index,
      },
      {
        progress: (done) => void report(done),
        checkpoint: async (state, done = stored.shard) => {
          await this.d.store.patchShard(job.id, index, { checkpoint: state });
          await report(done, true);
          // The cancel message may have been missed (a reconnecting subscriber): look at each checkpoint.
          await this.stopIfEnded(job.id, `${job.id}#${index}`);
        },
      },
    );
    if (outcome.kind === 'done') {
      await this.d.store.patchShard(job.id, index, { output: outcome.result });
      await report(spec.units, true);
      return;
    }
    const latest = (await this.d.store.get(job.id)) ?? job;
    const interrupted = outcome.kind === 'lost' || outcome.aborted;
    if (latest.cancelRequested || TERMINAL_STATES.includes(latest.state)) return;
    if (interrupted && this.d.closing()) return release(bull, token);
    // One shard failing fails the job; its shards here and elsewhere are told to stop.
    const error = outcome.kind === 'lost' ? { code: 'JOB_FAILED', message: outcome.message } : outcome.error;
    await this.d.update(latest, { state: 'failed', error, finishedAt: now(), attemptStartMs: null });
    await this.d.stop(job.id);
  }

  private async assemble(
    bull: BullJob<BullData>,
    token: string | undefined,
    job: StoredJob,
    module: string,
  ): Promise<void> {
    const states = await this.d.store.shards(job.id);
    const shards = job.shards ?? [];
    const missing = shards.findIndex((_, i) => !states.output.has(i));
    if (missing >= 0) {
      const error = { code: 'JOB_FAILED', message: `shard ${missing} of ${shards.length} has no output` };
      return void (await this.d.update(job, {
        state: 'failed',
        error,
        finishedAt: now(),
        attemptStartMs: null,
      }));
    }
    const outputs = shards.map((_, i) => states.output.get(i)!);
    const outcome = await this.run(
      job,
      { id: `${job.id}#assemble`, module, resume: undefined, phase: 'assemble', outputs },
      NO_HOOKS,
    );
    return this.end(bull, token, { ...job, done: unitsOf(shards) }, outcome);
  }

  /** Stores how an attempt ended; one stopped by a shutdown goes back to the queue. */
  private async end(
    bull: BullJob<BullData>,
    token: string | undefined,
    job: StoredJob,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const latest = (await this.d.store.get(job.id)) ?? job;
    const ended = endOfAttempt(latest, outcome, this.d.closing());
    const done = Math.max(job.done, latest.done);
    const patch = { ...ended, attemptStartMs: null, ...(ended.state === 'succeeded' ? { done } : {}) };
    await this.d.update(latest, patch);
    if (patch.state === 'queued') return release(bull, token);
  }
}

const NO_HOOKS = { progress: () => undefined, checkpoint: async () => undefined };

/** Hands a job back to the queue (this process is closing): another worker resumes it. */
async function release(bull: BullJob<BullData>, token: string | undefined): Promise<never> {
  await bull.moveToDelayed(Date.now(), token);
  throw new DelayedError();
}
