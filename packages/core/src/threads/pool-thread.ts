import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { ThreadError } from '../errors.js';
import type { FromThread, ThreadData, ToThread } from './thread-protocol.js';
import { threadExecArgv } from './thread-exec-argv.js';
import type { SharedBudget, ThreadEndKind } from './thread-budget.js';

/** How one thread of a pool ended. */
export interface ThreadEnd {
  readonly threadId: number;
  /**
   * `closed`: it finished its task and tore down when asked; `terminated`: it was still busy (or did
   * not answer) when the close's grace period ran out, or its task's `stopGraceMs` after a deadline; `died`: it exited or crashed by itself;
   * `out-of-memory`: its allocations passed its memory cap (`resourceLimits`).
   */
  readonly kind: ThreadEndKind;
  readonly exitCode: number;
  /** The error the thread died of, if it reported one. */
  readonly error?: Error;
}

/** What a {@link PoolThread} tells its pool. */
export interface PoolThreadEvents<T> {
  message(thread: PoolThread<T>, message: FromThread): void;
  end(thread: PoolThread<T>, end: ThreadEnd): void;
}

const RUNTIME_URL = new URL('./thread-runtime.js', import.meta.url);

/**
 * One worker thread of a pool, running the thread runtime, and the lifecycle the pool reads from it:
 * starting (its setup runs), idle, busy with one task, closing (asked to tear down), ended.
 */
export class PoolThread<T = unknown> {
  readonly worker: Worker;
  readonly threadId: number;
  state: 'starting' | 'idle' | 'busy' | 'closing' | 'ended' = 'starting';
  /** The task it runs now. */
  task: T | undefined;
  /** Whether its setup ever finished: a thread that dies before is not replaced. */
  wasReady = false;
  private saidClosed = false;
  private terminatedAfterGrace = false;
  private error: Error | undefined;

  constructor(
    data: ThreadData,
    resourceLimits: ResourceLimits | undefined,
    readonly budget: SharedBudget,
    events: PoolThreadEvents<T>,
  ) {
    this.worker = new Worker(RUNTIME_URL, {
      workerData: data,
      execArgv: threadExecArgv(process.execArgv),
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    this.threadId = this.worker.threadId;
    this.worker.on('message', (m: FromThread) => {
      if (m.type === 'closed') {
        this.saidClosed = true;
        // It has torn down and runs nothing: ending it now cannot catch it inside a native call.
        void this.worker.terminate();
      } else events.message(this, m);
    });
    this.worker.on('error', (err) => (this.error ??= err));
    this.worker.on('exit', (exitCode) => {
      this.state = 'ended';
      events.end(this, {
        threadId: this.threadId,
        kind: this.endKind(),
        exitCode,
        ...(this.error ? { error: this.error } : {}),
      });
    });
  }

  /** Posts a message; throws if it cannot be cloned (the caller's input, say). */
  post(message: ToThread, transfer: readonly TransferListItem[] = []): void {
    this.worker.postMessage(message, [...new Set(transfer)]);
  }

  /** Asks it to tear down once its task (if any) ends; it is ended when it answers. */
  askToClose(): void {
    if (this.state === 'closing' || this.state === 'ended') return;
    this.state = 'closing';
    this.post({ type: 'close' });
  }

  /** Ends it now, whatever it is doing: only once a close's grace period has run out. */
  terminate(): void {
    if (this.state === 'ended' || this.saidClosed) return;
    this.terminatedAfterGrace = true;
    void this.worker.terminate();
  }

  private endKind(): ThreadEndKind {
    if (this.saidClosed) return 'closed';
    if ((this.error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY')
      return 'out-of-memory';
    return this.terminatedAfterGrace ? 'terminated' : 'died';
  }
}

/** The error of a thread that ended by itself (or its task's, naming the task). */
export function lostError(pool: string, end: ThreadEnd, task?: string): ThreadError {
  const what = task ? `the ${pool} thread running task "${task}"` : `a ${pool} thread`;
  const context = { pool, threadId: end.threadId, exitCode: end.exitCode };
  if (end.kind === 'out-of-memory')
    return new ThreadError('THREAD_OUT_OF_MEMORY', `${what} passed its memory cap (resourceLimits)`, {
      context,
      cause: end.error,
    });
  const why = end.error ? `: ${end.error.message}` : '';
  return new ThreadError('THREAD_EXITED', `${what} ended (${end.kind}, exit code ${end.exitCode})${why}`, {
    context,
    cause: end.error,
  });
}

/**
 * The URL of a thread module beside `base` (pass `import.meta.url`): `file` as named when running the
 * build, its `.ts` source when `base` is itself a TypeScript source (tests), so one call serves both.
 */
export function threadModuleUrl(base: string, file: string): URL {
  const source = base.endsWith('.ts') ? file.replace(/\.js$/, '.ts') : file;
  return new URL(source, base);
}
