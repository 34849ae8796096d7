/**
 * The one protocol between a {@link WorkerPool} and its threads (the runtime in `thread-runtime.js`),
 * and the shape of the modules it runs: a thread module exports its task functions, and optionally a
 * `setup` run once per thread (its result is the pool's `info`) and a `teardown` run at a cooperative
 * close.
 *
 * @packageDocumentation
 */
import type { TransferListItem } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { SerializedError } from './serialize-error.js';
import type { SharedBudget } from './thread-budget.js';

/** What a pool sends its threads. */
export type ToThread =
  | {
      readonly type: 'run';
      readonly id: number;
      readonly task: string;
      readonly input: unknown;
      readonly deadline: number | undefined;
      /** Whether the task holds a budget slot that pools on its thread may borrow. */
      readonly lend: boolean;
    }
  | { readonly type: 'abort'; readonly id: number; readonly reason: unknown }
  | {
      readonly type: 'reply';
      readonly seq: number;
      readonly value?: unknown;
      readonly error?: SerializedError;
    }
  | { readonly type: 'close' };

/** What a pool thread sends back. */
export type FromThread =
  | { readonly type: 'ready'; readonly info: unknown }
  | { readonly type: 'setup-failed'; readonly error: SerializedError }
  | { readonly type: 'done'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError }
  | { readonly type: 'message'; readonly id: number; readonly value: unknown }
  | { readonly type: 'request'; readonly id: number; readonly seq: number; readonly value: unknown }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly obj: object;
      readonly msg?: string | undefined;
    }
  | { readonly type: 'closed' };

/** The `workerData` of a pool thread. */
export interface ThreadData {
  /** The thread module's URL. */
  readonly module: string;
  readonly init: unknown;
  readonly budget: SharedBudget;
}

/** What a thread module's `setup` gets besides its init data. */
export interface SetupContext {
  /** Writes to the pool's logger. */
  readonly logger: Logger;
  readonly threadId: number;
  /** Imports a module by URL, TypeScript sources included (tests and development run them with tsx). */
  load(url: string | URL): Promise<unknown>;
}

/** What a task function gets besides its input. */
export interface TaskContext extends SetupContext {
  /** Fires when the caller cancels, the pool closes, or the deadline passes. */
  readonly signal: AbortSignal;
  /** When the task must be done (milliseconds since the epoch), if it was given one. */
  readonly deadline: number | undefined;
  /** Moves these buffers to the caller with the result instead of copying them. */
  transfer(...items: TransferListItem[]): void;
  /** Sends a message to the caller's `onMessage` (progress, a partial result). */
  send(message: unknown, transfer?: readonly TransferListItem[]): void;
  /** Asks the caller's `onRequest` and resolves with its answer (a checkpoint saved, ...). */
  request(message: unknown, transfer?: readonly TransferListItem[]): Promise<unknown>;
}

/** A task function of a thread module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskFunction = (input: any, ctx: TaskContext) => unknown;

/** The names of a thread module's tasks: its exported functions but `setup` and `teardown`. */
export type TaskName<M> = {
  [K in keyof M]: K extends 'setup' | 'teardown' ? never : M[K] extends TaskFunction ? K : never;
}[keyof M] &
  string;

/** The input of a task. */
export type TaskInput<M, K extends keyof M> = M[K] extends (input: infer I, ...rest: never[]) => unknown
  ? I
  : never;

/** What a task resolves with. */
export type TaskOutput<M, K extends keyof M> = M[K] extends (...args: never[]) => infer O
  ? Awaited<O>
  : never;

/** The init data a thread module's `setup` takes (`undefined` without a setup). */
export type SetupInit<M> = M extends { setup: (init: infer I, ...rest: never[]) => unknown } ? I : undefined;

/** What a thread module's `setup` resolves with (`undefined` without a setup). */
export type SetupInfo<M> = M extends { setup: (...args: never[]) => infer R } ? Awaited<R> : undefined;
