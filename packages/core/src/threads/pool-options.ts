import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { StrataErrorClass } from './error-revival.js';
import type { ThreadBudget, ThreadEndKind } from './thread-budget.js';
import type { SetupInit } from './thread-protocol.js';

/** Options of {@link WorkerPool.start}. */
export interface WorkerPoolOptions<M> {
  /** The thread module: exports its task functions, and optionally `setup` and `teardown`. */
  readonly module: URL | string;
  /** Threads in the pool. @defaultValue `1` */
  readonly threads?: number;
  /** What each thread's `setup` gets (structured-cloned into every thread). */
  readonly init?: SetupInit<M>;
  /** Named in errors and logs. @defaultValue the module's file name */
  readonly name?: string;
  /** Start threads only when tasks wait for one (up to `threads`), instead of all at once. @defaultValue `false` */
  readonly lazy?: boolean;
  /** The error classes of the thread module's package, revived as themselves (the core's always are). */
  readonly errors?: readonly StrataErrorClass[];
  /**
   * Each thread's memory cap: a thread whose heap passes it ends (`out-of-memory`), its task fails
   * with `THREAD_OUT_OF_MEMORY` and the pool starts another; the process lives on. WebAssembly and
   * ArrayBuffer memory is not counted. @defaultValue Node's limits for a worker thread
   */
  readonly resourceLimits?: ResourceLimits;
  /**
   * How long {@link WorkerPool.close} waits for running tasks (which it asks to stop) and for the
   * threads to tear down before it terminates those left. A thread inside a native call (ONNX Runtime's
   * `run()`) is never terminated before this runs out, since that aborts the process; `Infinity` never
   * terminates. @defaultValue `30_000`
   */
  readonly graceMs?: number;
  /**
   * How long a running task may go on once its deadline has passed or it was cancelled before its
   * thread is terminated and another started in its place; the task fails then (`DEADLINE_EXCEEDED` or
   * `ABORTED`, naming the grace). Work that does not check its signal, or spins, cannot hold a thread
   * for ever. Only for pools whose tasks run JavaScript: terminating a thread inside a native call
   * (ONNX Runtime's `run()`) aborts the process. @defaultValue none: a task is waited for, however long
   */
  readonly stopGraceMs?: number;
  /** Where busy threads take their slots; `false` to take none (the threads still count as live). @defaultValue {@link defaultThreadBudget} */
  readonly budget?: ThreadBudget | false;
  /** Where the threads' log lines go. @defaultValue warnings and errors as JSON lines on stderr */
  readonly logger?: Logger;
}

/** Options of one {@link WorkerPool.run}. */
export interface TaskOptions {
  /** Cancels the task: dropped if it waits, its thread's signal fires if it runs. */
  readonly signal?: AbortSignal;
  /** When the task must be done (ms since the epoch): its thread's signal fires then. */
  readonly deadline?: number;
  /** Buffers of the input to move to the thread instead of copying (they are detached here). */
  readonly transfer?: readonly TransferListItem[];
  /** Receives what the task `send`s. */
  readonly onMessage?: (message: unknown) => void;
  /** Answers what the task `request`s; a rejection rejects the task's request. */
  readonly onRequest?: (message: unknown) => unknown;
}

/** Options of {@link WorkerPool.close}. */
export interface CloseOptions {
  /** Let queued tasks run (within the grace period) instead of dropping them. @defaultValue `false` */
  readonly drain?: boolean;
  /** The reason running tasks' signals fire with. @defaultValue `'close'` */
  readonly reason?: unknown;
  /** @defaultValue the pool's `graceMs` */
  readonly graceMs?: number;
}

/** A pool's threads and tasks now, and how its threads ended so far. */
export interface PoolStats {
  readonly name: string;
  readonly threads: number;
  readonly starting: number;
  readonly idle: number;
  readonly busy: number;
  readonly queued: number;
  readonly ends: Readonly<Record<ThreadEndKind, number>>;
}
