import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '@strata/core';
import type { AttemptOutcome } from './lifecycle.js';
import type { Json } from './types.js';

/** One attempt at a job, as a handler thread runs it. */
export interface ThreadRun {
  /** This attempt's id: what {@link HandlerThreads.abort} names (a shard's differs from its job's). */
  readonly id: string;
  /** The job's id, as its handler sees it. @defaultValue `id` */
  readonly jobId?: string;
  /** The handler module's URL. */
  readonly module: string;
  readonly input: Json;
  /** The last checkpoint, to resume from. */
  readonly resume: Json | undefined;
  readonly resultsDir: string;
  /** For a sharded job (`defineShardedJob`): which phase to run. @defaultValue the whole job */
  readonly phase?: 'plan' | 'shard' | 'assemble';
  /** The shard to run (phase `shard`) and its place in the plan. */
  readonly shard?: Json;
  readonly index?: number;
  /** Every shard's output (phase `assemble`). */
  readonly outputs?: readonly Json[];
}

/** What the queue does with what a running handler reports. */
export interface ThreadRunHooks {
  progress(done: number, total: number | undefined): void;
  /** Stores a checkpoint durably; a rejection reaches the handler's `saveCheckpoint`. */
  checkpoint(state: Json, done: number | undefined, total: number | undefined): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  run: { id: string; hooks: ThreadRunHooks; end: (o: AttemptOutcome) => void } | undefined;
}

type WorkerMessage =
  | { type: 'progress'; id: string; done: number; total?: number }
  | { type: 'checkpoint'; id: string; seq: number; state: Json; done?: number; total?: number }
  | { type: 'done'; id: string; result: Json }
  | { type: 'failed'; id: string; error: { code: string; message: string }; aborted: boolean }
  | { type: 'log'; level: 'error'; message: string };

const WORKER_URL = new URL('./worker-runtime.js', import.meta.url);

/**
 * Worker threads that run job handler modules, one attempt per thread at a time: the execution side
 * every {@link JobQueue} implementation shares (where the job's state lives is the queue's business).
 * A thread is never terminated inside a run (terminating one inside ONNX Runtime's `run()` aborts the
 * process): {@link abort} asks the handler to stop, and {@link close} waits for the runs to end.
 */
export class HandlerThreads {
  private readonly slots: Slot[] = [];
  private readonly logger: Logger;
  private closing = false;

  constructor(
    private readonly max: number,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger;
  }

  /** Attempts running now. */
  get busy(): number {
    return this.slots.filter((s) => s.run).length;
  }

  /** Whether {@link run} can start an attempt now. */
  get free(): boolean {
    return !this.closing && (this.busy < this.slots.length || this.slots.length < this.max);
  }

  /** Runs one attempt on a free thread and resolves with how it ended (never rejects). */
  run(job: ThreadRun, hooks: ThreadRunHooks): Promise<AttemptOutcome> {
    const slot = this.slots.find((s) => !s.run) ?? this.spawn();
    return new Promise((end) => {
      slot.run = { id: job.id, hooks, end };
      slot.worker.postMessage({ type: 'run', job });
    });
  }

  /** Asks the handler of a running attempt to stop (its signal fires with `reason`). */
  abort(id: string, reason: 'cancel' | 'shutdown'): void {
    this.slots.find((s) => s.run?.id === id)?.worker.postMessage({ type: 'abort', id, reason });
  }

  /** Asks every running handler to stop, waits for their attempts to end, and ends the threads. */
  async close(): Promise<void> {
    this.closing = true;
    const running = this.slots.filter((s) => s.run);
    const ended = running.map((s) => new Promise<void>((r) => (s.run!.end = chain(s.run!.end, r))));
    for (const s of running) s.worker.postMessage({ type: 'abort', id: s.run!.id, reason: 'shutdown' });
    await Promise.all(ended);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), run: undefined };
    slot.worker.on('message', (msg: WorkerMessage) => this.onMessage(slot, msg));
    slot.worker.on('error', (err) => this.onLost(slot, `worker thread failed: ${err.message}`));
    slot.worker.on('exit', (code) => this.onLost(slot, `worker thread exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private onLost(slot: Slot, message: string): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    if (!slot.run) return;
    if (!this.closing) this.logger.error({ jobId: slot.run.id }, message);
    this.end(slot, { kind: 'lost', message });
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (msg.type === 'log') return this.logger[msg.level]({ jobId: slot.run?.id }, msg.message);
    // A handler that reports after its attempt ended (from a stray timer) changes nothing.
    if (slot.run?.id !== msg.id) {
      if (msg.type === 'checkpoint') this.ack(slot, msg.seq, 'the job attempt has ended');
      return;
    }
    const { hooks } = slot.run;
    if (msg.type === 'progress') hooks.progress(msg.done, msg.total);
    else if (msg.type === 'checkpoint')
      hooks.checkpoint(msg.state, msg.done, msg.total).then(
        () => this.ack(slot, msg.seq),
        (err: Error) => this.ack(slot, msg.seq, `checkpoint not saved: ${err.message}`),
      );
    else if (msg.type === 'done') this.end(slot, { kind: 'done', result: msg.result });
    else this.end(slot, { kind: 'threw', error: msg.error, aborted: msg.aborted });
  }

  private end(slot: Slot, outcome: AttemptOutcome): void {
    const run = slot.run!;
    slot.run = undefined;
    run.end(outcome);
  }

  private ack(slot: Slot, seq: number, error?: string): void {
    slot.worker.postMessage({ type: 'checkpoint-saved', seq, error });
  }
}

const chain =
  <T>(a: (v: T) => void, b: () => void) =>
  (v: T) => {
    a(v);
    b();
  };

/** A handler module as a URL: a URL as it is, a file path resolved against the working directory. */
export function handlerModuleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  return /^[a-z]+:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(resolve(m)).href;
}
