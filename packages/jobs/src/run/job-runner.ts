import { resolve } from 'node:path';
import type { Logger } from '@strata/core';
import type { HandlerThreads, ThreadRun } from '../handler-threads.js';
import type { JobRecord } from '../job-record.js';
import { endOfAttempt, type AttemptOutcome } from '../lifecycle.js';
import type { ShardSpec } from '../sharded.js';
import { TERMINAL_STATES } from '../types.js';
import type { JobStore } from './job-store.js';

/** One unit of scheduling: a job (its start, or the whole of it), one of its shards, or its assemble step. */
export interface WorkItem {
  readonly id: string;
  readonly shard?: number;
  readonly step?: 'assemble';
}

/** The scheduling a queue does for the runner (BullMQ's parent and child jobs, or the embedded queue's list). */
export interface ItemControl {
  /**
   * Queues each shard of the job that has not committed as a work item of its own (queuing one twice does
   * nothing), and the job's assemble step for when they have all run. Resolves false when every shard has
   * committed already, so the caller assembles now; otherwise the caller returns (or this never resolves,
   * as BullMQ's moveToWaitingChildren).
   */
  fanOut(job: JobRecord, shards: readonly ShardSpec[]): Promise<boolean>;
  /** Hands the item back to the queue: this process is closing, another (or a reopened queue) takes it. */
  release(): Promise<void>;
}

/** What the runner needs of its queue. */
export interface RunnerDeps {
  readonly store: JobStore;
  readonly threads: HandlerThreads;
  readonly modules: ReadonlyMap<string, string>;
  readonly resultsDir: string;
  readonly progressPersistMs: number;
  readonly logger: Logger;
  /** Stores a change to a job and publishes it; resolves with the changed job. */
  update(job: JobRecord, patch: Partial<JobRecord>): Promise<JobRecord>;
  /** Publishes a progress event of a job. */
  progress(job: JobRecord): Promise<unknown>;
  closing(): boolean;
  /** Tells every process to stop the attempts of a job (its shards elsewhere). */
  stop(jobId: string): Promise<unknown>;
}

const now = () => new Date().toISOString();
const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
const unitsOf = (shards: readonly ShardSpec[]) => sum(shards.map((s) => s.units));

/**
 * The one job orchestrator every queue runs: a job's start runs it whole on a handler thread, or, for a
 * sharded job, plans it (`plan` on a thread) and fans its shards out as work items any worker takes;
 * each shard runs as an attempt of its own with its own checkpoints and commits its output; once every
 * shard has run, the assemble step makes the result. A shard run again after its worker died resumes
 * from its own checkpoint, and a committed one is never re-run. The queue owns only storage
 * ({@link JobStore}) and scheduling ({@link ItemControl}).
 */
export class JobRunner {
  /** Attempts running here, by thread-run id (`<job>`, `<job>#<shard>`), with their job's id. */
  private readonly running = new Map<string, string>();

  /** Asks every attempt of a job running here (the job, or its shards) to stop. */
  abort(jobId: string, reason: 'cancel' | 'shutdown'): void {
    for (const [run, job] of this.running) if (job === jobId) this.d.threads.abort(run, reason);
  }

  /** Whether an attempt of the job (the job, or one of its shards) runs here. */
  runs(jobId: string): boolean {
    for (const job of this.running.values()) if (job === jobId) return true;
    return false;
  }

  /** Asks every attempt running here to stop. */
  abortAll(reason: 'shutdown'): void {
    for (const run of this.running.keys()) this.d.threads.abort(run, reason);
  }

  /** Modules whose handlers are known not to shard: their jobs skip the plan call. */
  private readonly whole = new Set<string>();

  constructor(private readonly d: RunnerDeps) {}

  /** Runs one work item. It never throws but where `control` does (BullMQ's hand-back and wait). */
  async process(item: WorkItem, control: ItemControl): Promise<void> {
    const { id, shard, step } = item;
    const job = await this.d.store.get(id);
    if (!job || TERMINAL_STATES.includes(job.state) || (shard !== undefined && job.cancelRequested)) return;
    if (this.d.closing()) return control.release();
    if (job.cancelRequested)
      return void (await this.d.update(job, { state: 'cancelled', finishedAt: now() }));
    const module = this.d.modules.get(job.kind);
    if (!module) {
      const error = { code: 'JOB_HANDLER_UNKNOWN', message: `no handler for job kind "${job.kind}" here` };
      return void (await this.d.update(job, { state: 'failed', error, finishedAt: now() }));
    }
    if (shard !== undefined) return this.runShard(control, job, module, shard);
    if (step === 'assemble') return this.assemble(control, job, module);
    return this.start(control, job, module);
  }

  /** A job its queue gave up on: its workers kept dying (the runner itself never fails an item). */
  async failLost(id: string, reason: string): Promise<void> {
    const job = await this.d.store.get(id);
    if (!job || TERMINAL_STATES.includes(job.state)) return;
    const error = { code: 'JOB_FAILED', message: `the job's worker was lost: ${reason}` };
    await this.d.update(job, { state: 'failed', error, finishedAt: now(), attemptStartMs: null });
  }

  private run(
    job: JobRecord,
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

  private async start(control: ItemControl, job: JobRecord, module: string): Promise<void> {
    const from = job.shards ? await this.keptUnits(job.id, job.shards) : job.checkpointDone;
    job = await this.d.update(job, {
      state: 'running',
      attempts: job.attempts + 1,
      resumedFrom: from,
      done: from,
      startedAt: job.startedAt ?? now(),
      attemptStartMs: Date.now(),
      doneAtStart: from,
    });
    let shards = job.shards;
    if (shards === undefined && !this.whole.has(module)) {
      const planned = await this.run(
        job,
        { id: `${job.id}#plan`, module, resume: undefined, phase: 'plan' },
        NO_HOOKS,
      );
      if (planned.kind !== 'done') return this.end(control, job, planned);
      shards = planned.result as ShardSpec[] | null;
      if (shards === null) this.whole.add(module);
      job = await this.d.update(job, { shards, ...(shards ? { total: unitsOf(shards) } : {}) });
    }
    if (!shards) {
      const whole = await this.runWhole(job, module);
      return this.end(control, { ...job, done: whole.done }, whole.outcome);
    }
    if (await control.fanOut(job, shards)) return;
    return this.assemble(control, job, module);
  }

  /** The units a sharded job keeps when it starts again: committed shards whole, the others to their last checkpoint. */
  private async keptUnits(jobId: string, shards: readonly ShardSpec[]): Promise<number> {
    const states = await this.d.store.shards(jobId);
    return sum(shards.map((s, i) => (states.output.has(i) ? s.units : (states.checkpointDone.get(i) ?? 0))));
  }

  private async runWhole(job: JobRecord, module: string): Promise<{ outcome: AttemptOutcome; done: number }> {
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
    current: JobRecord & { persistedMs: number },
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

  private async runShard(control: ItemControl, job: JobRecord, module: string, index: number): Promise<void> {
    const states = await this.d.store.shards(job.id);
    if (states.output.has(index)) return; // committed by an earlier attempt
    // A shard starts again from its last checkpoint: its progress since then is undone.
    const resumeFrom = states.checkpointDone.get(index) ?? 0;
    this.d.logger.info({ jobId: job.id, shard: index, resumeFrom }, 'shard started');
    const spec = job.shards![index]!;
    let total = sum(states.done.values());
    if ((states.done.get(index) ?? 0) !== resumeFrom)
      total = await this.d.store.shardDone(job.id, index, resumeFrom);
    // The job's done: the sum over its shards as last stored, plus this shard's progress since then.
    let stored = { sum: total, shard: resumeFrom };
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
          await this.d.store.patchShard(job.id, index, { checkpoint: state, checkpointDone: done });
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
    if (interrupted && this.d.closing()) return control.release();
    // One shard failing fails the job; its shards here and elsewhere are told to stop.
    const error = outcome.kind === 'lost' ? { code: 'JOB_FAILED', message: outcome.message } : outcome.error;
    await this.d.update(latest, { state: 'failed', error, finishedAt: now(), attemptStartMs: null });
    await this.d.stop(job.id);
  }

  private async assemble(control: ItemControl, job: JobRecord, module: string): Promise<void> {
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
    return this.end(control, { ...job, done: unitsOf(shards) }, outcome);
  }

  /** Stores how an attempt ended; one stopped by a shutdown goes back to the queue. */
  private async end(control: ItemControl, job: JobRecord, outcome: AttemptOutcome): Promise<void> {
    const latest = (await this.d.store.get(job.id)) ?? job;
    const ended = endOfAttempt(latest, outcome, this.d.closing());
    const done = Math.max(job.done, latest.done);
    const patch = { ...ended, ...(ended.state === 'succeeded' ? { done } : {}) };
    await this.d.update(latest, patch);
    if (patch.state === 'queued') return control.release();
  }
}

const NO_HOOKS = { progress: () => undefined, checkpoint: async () => undefined };
