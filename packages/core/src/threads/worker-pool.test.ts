import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  DeadlineError,
  InvalidArgumentError,
  isStrataError,
  StrataError,
  ThreadError,
} from '../errors.js';
import type * as PoolTasks from '../testing/pool-tasks.js';
import { UnlistedError, WidgetError } from '../testing/pool-tasks.js';
import { captureLogger } from '../testing/capture-logger.js';
import { ThreadBudget } from './thread-budget.js';
import { threadModuleUrl, WorkerPool } from './worker-pool.js';
import { openWorkerPool } from './open-worker-pool.js';
import type { WorkerPoolOptions } from './pool-options.js';

const module = threadModuleUrl(import.meta.url, '../testing/pool-tasks.js');
const open: WorkerPool<typeof PoolTasks>[] = [];

/** A pool of the test tasks with a budget of its own, closed after the test. */
function start(options: Partial<WorkerPoolOptions<typeof PoolTasks>> = {}): WorkerPool<typeof PoolTasks> {
  const pool = WorkerPool.start<typeof PoolTasks>({
    module,
    budget: new ThreadBudget({ size: 4 }),
    logger: captureLogger(),
    ...options,
  });
  open.push(pool);
  return pool;
}

const gate = () => new Int32Array(new SharedArrayBuffer(4));
const openGate = (g: Int32Array) => (Atomics.store(g, 0, 1), Atomics.notify(g, 0));

afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close({ graceMs: 1_000 })));
});

describe('WorkerPool', () => {
  it('runs tasks on its threads with their setup, and reports a setup that fails with its class', async () => {
    const pool = start({ threads: 2, init: { tag: 'a' } });
    const info = await pool.ready;
    expect(info.tag).toBe('a');
    expect(await pool.run('echo', { x: [1, 2] })).toEqual({ x: [1, 2] });
    expect(await pool.run('init', undefined)).toEqual({ tag: 'a' });
    const failing = start({ init: { tag: 'fail' } });
    await expect(failing.ready).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(failing.run('echo', 1)).rejects.toSatisfy(
      (e) => isStrataError(e, 'INVALID_ARGUMENT') && /told to fail/.test((e as Error).message),
    );
  });

  it('opens a pool once its threads are set up, or closes it and throws when their setup fails', async () => {
    const budget = new ThreadBudget({ size: 4 });
    const opened = await openWorkerPool<typeof PoolTasks>({ module, budget, threads: 2, init: { tag: 'b' } });
    open.push(opened.pool);
    expect(opened.ready.tag).toBe('b');
    expect(budget.stats().live).toBe(2);
    await expect(
      openWorkerPool<typeof PoolTasks>({ module, budget, threads: 2, init: { tag: 'fail' } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    // The failed pool's threads are gone: only the first pool's remain.
    expect(budget.stats().live).toBe(2);
  });

  it('revives errors as the class and code they were thrown with', async () => {
    const pool = start({ errors: [WidgetError] });
    const invalid = await pool.run('fail', 'invalid').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidArgumentError);
    expect(invalid).toMatchObject({ code: 'INVALID_ARGUMENT', context: { argument: 'kind', value: 7 } });
    const widget = await pool.run('fail', 'widget').catch((e: unknown) => e);
    expect(widget).toBeInstanceOf(WidgetError);
    expect(widget).toMatchObject({ name: 'WidgetError', code: 'WIDGET_JAMMED', context: { widget: 'w1' } });
    expect((widget as Error).cause).toMatchObject({ message: 'a stuck gear' });
    expect((widget as Error).stack).toMatch(/pool-tasks/);
    // A subclass the pool was not told about keeps its code, as a StrataError.
    const unlisted = await pool.run('fail', 'unlisted').catch((e: unknown) => e);
    expect(unlisted).toBeInstanceOf(StrataError);
    expect(unlisted).not.toBeInstanceOf(UnlistedError);
    expect(unlisted).toMatchObject({ name: 'UnlistedError', code: 'UNLISTED' });
    const plain = await pool.run('fail', 'plain').catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
    expect(plain).not.toBeInstanceOf(StrataError);
    expect((plain as Error).message).toBe('a plain failure');
    expect(await pool.run('fail', 'type').catch((e: unknown) => (e as Error).name)).toBe('TypeError');
  });

  it('moves buffers named as transferables both ways instead of copying them', async () => {
    const pool = start();
    const values = new Float64Array([1, 2, 3]);
    const doubled = await pool.run('double', values, { transfer: [values.buffer] });
    expect(values.byteLength).toBe(0); // detached: the buffer moved to the thread
    expect(Array.from(doubled)).toEqual([2, 4, 6]);
    expect(await pool.run('lastByteLength', undefined)).toBe(0); // and moved back
  });

  it('relays a task’s messages and answers its requests', async () => {
    const pool = start();
    const seen: unknown[] = [];
    const answer = await pool.run('talk', 3, {
      onMessage: (m) => seen.push(m),
      onRequest: (m) => ({ confirmed: (m as { confirm: number }).confirm }),
    });
    expect(seen).toEqual([{ done: 1 }, { done: 2 }, { done: 3 }]);
    expect(answer).toEqual({ confirmed: 3 });
    await expect(
      pool.run('talk', 1, {
        onRequest: () => {
          throw new Error('not saved');
        },
      }),
    ).rejects.toThrow(/not saved/);
  });

  it('carries a deadline into the work: the task’s signal fires at it', async () => {
    const pool = start();
    await pool.ready;
    const deadline = Date.now() + 100;
    const passed = await pool.run('waitForAbort', { throw: true }, { deadline }).catch((e: unknown) => e);
    expect(passed).toBeInstanceOf(DeadlineError);
    expect(passed).toMatchObject({ code: 'DEADLINE_EXCEEDED', context: { deadline } });
    // A task that ends on its signal without throwing still resolves, and saw the deadline.
    const seen = await pool.run('waitForAbort', { throw: false }, { deadline: Date.now() + 50 });
    expect((seen.reason as Error).message).toMatch(/passed its deadline/);
    expect(seen.deadline).toBeGreaterThan(0);
  });

  it('cancels: a running task’s signal fires with the reason, a queued task is dropped', async () => {
    const pool = start();
    await pool.ready;
    const cancel = new AbortController();
    const running = pool.run('waitForAbort', { throw: true }, { signal: cancel.signal });
    const queued = pool.run('echo', 1, { signal: cancel.signal });
    cancel.abort('enough');
    await expect(queued).rejects.toBeInstanceOf(AbortedError);
    await expect(running).rejects.toSatisfy(
      (e) => isStrataError(e, 'ABORTED') && (e as AbortedError).context.reason === 'enough',
    );
    expect(await pool.run('echo', 2)).toBe(2);
  });

  it('queues thousands of tasks on one signal without a listener each, and cancels them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const pool = start();
      const cancel = new AbortController();
      const many = (n: number) =>
        Array.from({ length: n }, (_, i) => pool.run('echo', i, { signal: cancel.signal }));
      expect(await Promise.all(many(2_000))).toHaveLength(2_000);
      const queued = many(2_000);
      cancel.abort('enough');
      const outcomes = await Promise.allSettled(queued);
      expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(1_900);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('replaces a thread whose runaway allocation passes its memory cap, and the process lives on', async () => {
    const logger = captureLogger();
    const pool = start({ resourceLimits: { maxOldGenerationSizeMb: 48 }, logger });
    const first = (await pool.ready).threadId;
    const oom = await pool.run('allocate', undefined).catch((e: unknown) => e);
    expect(oom).toBeInstanceOf(ThreadError);
    expect(oom).toMatchObject({ code: 'THREAD_OUT_OF_MEMORY', context: { threadId: first } });
    expect(pool.ends.map((e) => e.kind)).toEqual(['out-of-memory']);
    expect(logger.lines.some((l) => l.level === 'error' && /memory cap/.test(l.msg ?? ''))).toBe(true);
    expect(await pool.run('echo', 'still here')).toBe('still here');
    expect(pool.stats()).toMatchObject({ threads: 1, idle: 1, ends: { 'out-of-memory': 1 } });
  });

  it('replaces a thread that dies, and takes back the slots its own pools held', async () => {
    const budget = new ThreadBudget({ size: 2 });
    const pool = start({ budget });
    await pool.ready;
    await expect(pool.run('exit', 3)).rejects.toSatisfy(
      (e) => isStrataError(e, 'THREAD_EXITED') && (e as ThreadError).context.exitCode === 3,
    );
    await expect(pool.run('dieHoldingSlots', undefined)).rejects.toSatisfy((e) =>
      isStrataError(e, 'THREAD_EXITED'),
    );
    expect(pool.ends.map((e) => e.kind)).toEqual(['died', 'died']);
    // The dead thread's pool held a slot and two live threads: the budget has them back.
    expect(budget.stats()).toMatchObject({ used: 0, busy: 0, live: 1 });
    expect(await pool.run('echo', 'replaced')).toBe('replaced');
  });

  it('closes cooperatively: waits for a task blocked in its thread, then reports a closed end', async () => {
    const pool = start({ threads: 1 });
    await pool.ready;
    const g = gate();
    const blocked = pool.run('block', g);
    const queued = pool.run('echo', 1);
    const closing = pool.close({ graceMs: 60_000 });
    await expect(queued).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    await expect(pool.run('echo', 2)).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    expect(pool.ends).toEqual([]); // still waiting for the blocked task
    openGate(g);
    expect(await blocked).toBe('opened');
    const ends = await closing;
    expect(ends.map((e) => e.kind)).toEqual(['closed']);
    expect(await pool.close()).toBe(ends);
  });

  it('terminates a thread only once the grace period has run out', async () => {
    const pool = start({ threads: 1 });
    await pool.ready;
    const stuck = pool.run('block', gate());
    const ends = await pool.close({ graceMs: 200 });
    expect(ends.map((e) => e.kind)).toEqual(['terminated']);
    await expect(stuck).rejects.toSatisfy((e) => isStrataError(e, 'THREAD_EXITED'));
  });

  it('replaces a thread whose task does not stop within stopGraceMs of its deadline or cancel', async () => {
    const logger = captureLogger();
    const pool = start({ threads: 1, stopGraceMs: 100, logger });
    const first = (await pool.ready).threadId;
    // `block` never looks at its signal, as a loop that does not check it.
    const deadline = Date.now() + 50;
    const late = await pool.run('block', gate(), { deadline }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(DeadlineError);
    expect((late as DeadlineError).message).toMatch(/did not stop within 100 ms: its thread was replaced/);
    expect(await pool.run('echo', 'next')).toBe('next');
    const cancel = new AbortController();
    const cancelled = pool.run('block', gate(), { signal: cancel.signal });
    cancel.abort('stop');
    await expect(cancelled).rejects.toSatisfy(
      (e) => isStrataError(e, 'ABORTED') && /did not stop within 100 ms/.test((e as Error).message),
    );
    expect(await pool.run('echo', 'again')).toBe('again');
    expect(pool.ends.map((e) => e.kind)).toEqual(['terminated', 'terminated']);
    expect(pool.ends[0]!.threadId).toBe(first);
    expect(logger.lines.filter((l) => l.level === 'warn' && /did not stop/.test(l.msg ?? ''))).toHaveLength(
      2,
    );
    // A task that ends on its signal within the grace keeps its thread.
    await expect(
      pool.run('waitForAbort', { throw: true }, { deadline: Date.now() + 50 }),
    ).rejects.toBeInstanceOf(DeadlineError);
    expect(pool.ends).toHaveLength(2);
  });

  it('counts busy threads against its budget: no more run at once than the budget has slots', async () => {
    const budget = new ThreadBudget({ size: 1 });
    const pool = start({ threads: 3, budget });
    await pool.ready;
    const counter = new Int32Array(new SharedArrayBuffer(12));
    await Promise.all([1, 2, 3].map(() => pool.run('crowd', counter)));
    expect(Atomics.load(counter, 1)).toBe(1);
    expect(budget.stats()).toMatchObject({ size: 1, used: 0, busy: 0, live: 3 });
    budget.resize(3);
    await Promise.all([1, 2, 3].map(() => pool.run('crowd', counter)));
    expect(Atomics.load(counter, 1)).toBeGreaterThanOrEqual(2);
    await pool.close();
    expect(budget.stats()).toMatchObject({ live: 0, ends: { closed: 3, terminated: 0 } });
  });

  it('lends a task’s slot to the pools its thread runs, so nesting cannot deadlock', async () => {
    const budget = new ThreadBudget({ size: 1 });
    const pool = start({ threads: 1, budget });
    // The outer task holds the only slot; its inner pool of two threads runs on the lent one.
    const inner = await pool.run('nested', { threads: 2, tasks: 4 });
    expect(inner).toEqual({ most: 1, ends: ['closed', 'closed'] });
    // The inner pool's threads counted in the budget the thread shares with this one.
    expect(budget.stats()).toMatchObject({ used: 0, busy: 0, live: 1, ends: { closed: 2 } });
    budget.resize(3);
    expect((await pool.run('nested', { threads: 2, tasks: 4 })).most).toBe(2);
    expect(await pool.run('budgetStats', undefined)).toMatchObject({ size: 3 });
  });
});
