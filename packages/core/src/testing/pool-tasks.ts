/**
 * A thread module for the worker pool's own tests: tasks that echo, throw each kind of error, allocate
 * without end, block their thread as a native call does, wait for their signal, move buffers, talk to
 * the caller, and run a pool of their own.
 */
import { threadId } from 'node:worker_threads';
import { InvalidArgumentError, StrataError } from '../errors.js';
import type { TaskContext } from '../threads/thread-protocol.js';
import { defaultThreadBudget, type BudgetStats } from '../threads/thread-budget.js';
import { threadModuleUrl, WorkerPool } from '../threads/worker-pool.js';
import type * as PoolTasks from './pool-tasks.js';

/** A domain's own error class, as a package outside the core would have. */
export class WidgetError extends StrataError<'WIDGET_JAMMED', { widget: string }> {}
/** A subclass no pool is told about. */
export class UnlistedError extends StrataError<'UNLISTED'> {}

let setupInit: unknown;

export function setup(init: { tag: string } | undefined): { tag: string | undefined; threadId: number } {
  setupInit = init;
  if (init?.tag === 'fail') throw new InvalidArgumentError('init.tag', 'this setup was told to fail');
  return { tag: init?.tag, threadId };
}

export const echo = <T>(value: T): T => value;

export const init = (): unknown => setupInit;

export function fail(kind: 'invalid' | 'widget' | 'unlisted' | 'plain' | 'type'): never {
  if (kind === 'invalid') throw new InvalidArgumentError('kind', 'a bad argument', { value: 7 });
  if (kind === 'widget')
    throw new WidgetError('WIDGET_JAMMED', 'the widget jammed', {
      context: { widget: 'w1' },
      cause: new Error('a stuck gear'),
    });
  if (kind === 'unlisted') throw new UnlistedError('UNLISTED', 'an unlisted failure');
  if (kind === 'type') throw new TypeError('not a function');
  throw new Error('a plain failure');
}

/** Allocates until its thread's heap cap ends it. */
export function allocate(): number {
  const hog: unknown[] = [];
  for (;;) hog.push(Array.from({ length: 10_000 }, (_, i) => ({ i })));
}

/** Blocks its thread (as ONNX Runtime's `run()` does) until `gate[0]` is set, then answers `'opened'`. */
export function block(gate: Int32Array): string {
  Atomics.wait(gate, 0, 0);
  return 'opened';
}

/** Resolves when its signal fires, with the signal's reason, or throws it when asked. */
export function waitForAbort(
  options: { throw: boolean },
  ctx: TaskContext,
): Promise<{ reason: unknown; deadline: number | undefined }> {
  return new Promise((resolve, reject) =>
    ctx.signal.addEventListener('abort', () =>
      options.throw
        ? reject(ctx.signal.reason as Error)
        : resolve({ reason: ctx.signal.reason, deadline: ctx.deadline }),
    ),
  );
}

let last: Float64Array | undefined;

/** Doubles the values in place and moves the buffer back. */
export function double(values: Float64Array, ctx: TaskContext): Float64Array {
  for (let i = 0; i < values.length; i++) values[i]! *= 2;
  ctx.transfer(values.buffer as ArrayBuffer);
  last = values;
  return values;
}

/** The byte length of the last buffer `double` returned, as this thread sees it now. */
export const lastByteLength = (): number | undefined => last?.byteLength;

/** Sends `n` progress messages, then asks the caller to confirm and returns its answer. */
export async function talk(n: number, ctx: TaskContext): Promise<unknown> {
  for (let i = 1; i <= n; i++) ctx.send({ done: i });
  return ctx.request({ confirm: n });
}

/** The process-wide budget as this thread sees it. */
export const budgetStats = (): BudgetStats => defaultThreadBudget().stats();

/** Counts itself in `counter[0]` while it runs and notes the most at once in `counter[1]`. */
export function crowd(counter: Int32Array): number {
  const now = Atomics.add(counter, 0, 1) + 1;
  for (let max = Atomics.load(counter, 1); now > max; max = Atomics.load(counter, 1))
    if (Atomics.compareExchange(counter, 1, max, now) === max) break;
  // Stay until a second task has joined (or a while has passed), so that two that may overlap do.
  for (let i = 0; i < 40 && Atomics.load(counter, 0) < 2; i++) Atomics.wait(counter, 2, 0, 25);
  Atomics.sub(counter, 0, 1);
  return now;
}

/** Runs `tasks` crowd tasks on a pool of `threads` threads of its own, and says how that pool ended. */
export async function nested(input: { threads: number; tasks: number }): Promise<{
  most: number;
  ends: string[];
}> {
  const counter = new Int32Array(new SharedArrayBuffer(12));
  const pool = WorkerPool.start<typeof PoolTasks>({
    module: threadModuleUrl(import.meta.url, './pool-tasks.js'),
    threads: input.threads,
  });
  await pool.ready;
  await Promise.all(Array.from({ length: input.tasks }, () => pool.run('crowd', counter)));
  const ends = await pool.close();
  return { most: Atomics.load(counter, 1), ends: ends.map((e) => e.kind) };
}

/** Ends its thread with `code`, as a crash would. */
export function exit(code: number): never {
  process.exit(code);
}

/**
 * Starts a pool of two threads of its own, blocks both (one on the slot its task lends, one on a slot
 * of the shared budget), then ends its thread without closing that pool.
 */
export async function dieHoldingSlots(): Promise<never> {
  const pool = WorkerPool.start<typeof PoolTasks>({
    module: threadModuleUrl(import.meta.url, './pool-tasks.js'),
    threads: 2,
  });
  await pool.ready;
  const never = new Int32Array(new SharedArrayBuffer(4));
  void pool.run('block', never);
  void pool.run('block', never);
  while (pool.stats().busy < 2) await new Promise((r) => setTimeout(r, 10));
  process.exit(9);
}
