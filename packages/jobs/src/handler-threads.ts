import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStrataError, messageOf, silentLogger, type Logger } from '@strata/core';
import { threadModuleUrl, WorkerPool, type PoolStats, type ThreadBudget } from '@strata/core/node';
import type * as JobThread from './job-thread.js';
import type { AttemptMessage, CheckpointRequest } from './job-thread.js';
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

/**
 * The threads that run job handler modules, one attempt per thread at a time, on the core's
 * {@link WorkerPool}: the execution side every queue shares (where a job's state lives is the queue's
 * business). A busy thread holds a slot of the process's thread budget, which pools started inside the
 * handler (a screen's, a forecast's) borrow, so jobs and their threads never outnumber the cores. A
 * thread is never terminated inside a run: {@link abort} asks the handler to stop, and {@link close}
 * waits for every run to end.
 */
export class HandlerThreads {
  private readonly pool: WorkerPool<typeof JobThread>;
  private readonly running = new Map<string, AbortController>();

  constructor(max: number, options: { logger?: Logger; budget?: ThreadBudget; heapMb?: number } = {}) {
    this.pool = WorkerPool.start<typeof JobThread>({
      module: threadModuleUrl(import.meta.url, './job-thread.js'),
      name: 'jobs',
      threads: max,
      lazy: true,
      // A queue's shutdown waits for every attempt to checkpoint and stop, however long it takes.
      graceMs: Infinity,
      // A handler that runs away with memory ends its own thread (and its job), never the process.
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 4096 },
      logger: options.logger ?? silentLogger,
      ...(options.budget ? { budget: options.budget } : {}),
    });
  }

  /** Threads busy and idle, attempts waiting for one, and how threads ended. */
  stats(): PoolStats {
    return this.pool.stats();
  }

  /** Runs one attempt on a free thread and resolves with how it ended (never rejects). */
  async run(job: ThreadRun, hooks: ThreadRunHooks): Promise<AttemptOutcome> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    try {
      const result = await this.pool.run('attempt', job, {
        signal: controller.signal,
        onMessage: (m) => hooks.progress((m as AttemptMessage).done, (m as AttemptMessage).total),
        onRequest: (m) => {
          const { state, done, total } = m as CheckpointRequest;
          return hooks.checkpoint(state as Json, done, total);
        },
      });
      return { kind: 'done', result: (result ?? null) as Json };
    } catch (err) {
      if (isStrataError(err, 'THREAD_EXITED', 'THREAD_OUT_OF_MEMORY'))
        return { kind: 'lost', message: err.message };
      const code = (err as { code?: unknown }).code;
      const error = { code: typeof code === 'string' ? code : 'JOB_FAILED', message: messageOf(err) };
      return { kind: 'threw', error, aborted: controller.signal.aborted };
    } finally {
      this.running.delete(job.id);
    }
  }

  /** Asks the handler of a running attempt to stop (its signal fires with `reason`). */
  abort(id: string, reason: 'cancel' | 'shutdown'): void {
    this.running.get(id)?.abort(reason);
  }

  /** Asks every running handler to stop, waits for their attempts to end, and ends the threads. */
  async close(): Promise<void> {
    for (const c of this.running.values()) c.abort('shutdown');
    await this.pool.close({ reason: 'shutdown' });
  }
}

/** Each job kind's handler module as a URL (see {@link handlerModuleUrl}). */
export function handlerModules(
  handlers: Readonly<Record<string, string | URL>>,
): ReadonlyMap<string, string> {
  return new Map(Object.entries(handlers).map(([kind, m]) => [kind, handlerModuleUrl(m)]));
}

/** A handler module as a URL: a URL as it is, a file path resolved against the working directory. */
export function handlerModuleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  return /^[a-z]+:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(resolve(m)).href;
}
