import { AbortedError, DeadlineError, InvalidArgumentError, messageOf } from '../errors.js';
import { defaultWarningLogger } from '../json-logger.js';
import type { Logger } from '../log.js';
import { ErrorClasses } from './error-revival.js';
import type { CloseOptions, PoolStats, TaskOptions, WorkerPoolOptions } from './pool-options.js';
import { newTask, outcomeError, stopError, type Task } from './pool-task.js';
import { lostError, PoolThread, type ThreadEnd } from './pool-thread.js';

export { threadModuleUrl } from './pool-thread.js';
import { serializeError } from './serialize-error.js';
import { defaultThreadBudget, type BudgetSlot, type ThreadBudget } from './thread-budget.js';
import type { FromThread, SetupInfo, TaskInput, TaskName, TaskOutput } from './thread-protocol.js';

/**
 * The one worker pool of Strata: a thread module's tasks run on `threads` worker threads, one task per
 * thread at a time, first come first served, each busy thread holding a slot of a {@link ThreadBudget}.
 * Errors come back as the class and code they were thrown with; buffers named as transferables move
 * instead of being copied; a task may carry a deadline and a signal, which its thread sees as one
 * `AbortSignal`. A thread that dies (a crash, its memory cap) fails its task and is replaced. Closing is
 * cooperative: running tasks are asked to stop and waited for, and a thread is terminated only after the
 * grace period, so a thread inside ONNX Runtime's `run()` is never killed (that would abort the process).
 * A pool of JavaScript-only tasks may set `stopGraceMs`: a task still running that long after its
 * deadline or cancel fails, and its thread is replaced.
 *
 * A task's promise settles when its thread is done with it: after a cancel, with the task's outcome
 * (an error becomes `ABORTED`, or `DEADLINE_EXCEEDED` past the deadline); a task still queued is
 * dropped at once.
 *
 * @example
 * ```ts
 * // scale-thread.ts: export const scale = (x: Float64Array, ctx: TaskContext) => { ...; ctx.transfer(x.buffer); return x; };
 * import type * as ScaleThread from './scale-thread.js';
 * const pool = WorkerPool.start<typeof ScaleThread>({ module: threadModuleUrl(import.meta.url, './scale-thread.js'), threads: 2 });
 * const x = new Float64Array([1, 2, 3]);
 * const y = await pool.run('scale', x, { transfer: [x.buffer], deadline: Date.now() + 5_000 });
 * const ends = await pool.close(); // every thread ended `closed`
 * ```
 */
export class WorkerPool<M = Record<string, unknown>> {
  /** Resolves with the first thread's setup result once every thread started at once is set up; rejects with a setup's error. */
  readonly ready: Promise<SetupInfo<M>>;
  readonly name: string;
  private readonly threads: PoolThread<Task>[] = [];
  private readonly queue: Task[] = [];
  private readonly endList: ThreadEnd[] = [];
  private readonly errors: ErrorClasses;
  private readonly budget: ThreadBudget;
  private readonly draws: boolean;
  private readonly logger: Logger;
  private readyInfo: SetupInfo<M> | undefined;
  private settleReady: ((err?: Error) => void) | undefined;
  private failure: Error | undefined;
  private closing: Promise<readonly ThreadEnd[]> | undefined;
  private closed = false;
  private onAllEnded: (() => void) | undefined;
  private waitingForSlot = false;
  private readyResolved = false;
  private nextId = 0;

  private constructor(private readonly options: WorkerPoolOptions<M>) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1)
      throw new InvalidArgumentError(
        'threads',
        `a pool needs a positive integer of threads, got ${threads}`,
        {
          value: threads,
        },
      );
    this.name = options.name ?? String(options.module).replace(/^.*\//, '');
    this.errors = new ErrorClasses(options.errors);
    this.budget = options.budget || defaultThreadBudget();
    this.draws = options.budget !== false;
    this.logger = options.logger ?? defaultWarningLogger();
    this.ready = new Promise<SetupInfo<M>>((resolve, reject) => {
      this.settleReady = (err) => {
        if (err) return reject(err);
        this.readyResolved = true;
        resolve(this.readyInfo as SetupInfo<M>);
      };
    });
    // A caller that never awaits `ready` still sees a failed setup through its tasks.
    this.ready.catch(() => undefined);
    if (options.lazy) this.settleReady?.();
    else for (let i = 0; i < threads; i++) this.spawn();
  }

  /** Starts a pool (its threads start now, unless `lazy`); tasks may be run at once and wait for `ready`. */
  static start<M>(options: WorkerPoolOptions<M>): WorkerPool<M> {
    return new WorkerPool<M>(options);
  }

  /** What the first thread's `setup` returned (`undefined` before {@link ready}). */
  get info(): SetupInfo<M> | undefined {
    return this.readyInfo;
  }

  /** The most threads the pool runs. */
  get size(): number {
    return this.options.threads ?? 1;
  }

  /** How each thread that has ended so far ended (every thread, once {@link close} has resolved). */
  get ends(): readonly ThreadEnd[] {
    return this.endList;
  }

  /** Runs a task on the next free thread and resolves with its result. */
  run<K extends TaskName<M>>(
    task: K,
    input: TaskInput<M, K>,
    options: TaskOptions = {},
  ): Promise<TaskOutput<M, K>> {
    const { signal, deadline } = options;
    if (this.closed) return Promise.reject(new AbortedError(`the ${this.name} pool is closed`));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(new AbortedError('the task was cancelled', signal.reason));
    if (deadline !== undefined && deadline <= Date.now()) return Promise.reject(new DeadlineError(deadline));
    const t = newTask<TaskOutput<M, K>>(
      { id: this.nextId++, name: task, input, options },
      {
        cancel: (reason) => this.cancel(t.task, reason),
        expire: () => this.drop(t.task, new DeadlineError(deadline!)),
      },
    );
    this.queue.push(t.task);
    this.pump();
    return t.promise;
  }

  /** Threads, busy and idle, tasks waiting, and how threads ended. */
  stats(): PoolStats {
    const count = (s: PoolThread['state']) => this.threads.filter((t) => t.state === s).length;
    const ends = { closed: 0, terminated: 0, died: 0, 'out-of-memory': 0 };
    for (const e of this.endList) ends[e.kind]++;
    return {
      name: this.name,
      threads: this.threads.length,
      starting: count('starting'),
      idle: count('idle'),
      busy: count('busy'),
      queued: this.queue.length,
      ends,
    };
  }

  /**
   * Closes the pool cooperatively and resolves with how every thread ended: tasks waiting are dropped
   * (`ABORTED`) unless `drain`, running tasks' signals fire and they are waited for, then each thread
   * tears down; threads still busy when the grace period runs out are terminated. Idempotent.
   */
  close(options: CloseOptions = {}): Promise<readonly ThreadEnd[]> {
    this.closed = true;
    this.closing ??= this.shutdown(options);
    return this.closing;
  }

  private async shutdown(options: CloseOptions): Promise<readonly ThreadEnd[]> {
    const reason = options.reason ?? 'close';
    if (!options.drain) {
      for (const t of this.queue.splice(0))
        t.settle({ error: new AbortedError(`the ${this.name} pool closed before the task started`, reason) });
      for (const th of this.threads) if (th.task) this.cancel(th.task, reason);
    }
    const ended = new Promise<void>((resolve) => (this.onAllEnded = resolve));
    const graceMs = options.graceMs ?? this.options.graceMs ?? 30_000;
    // An infinite grace period waits for every task, however long (a job queue's shutdown may).
    const grace = Number.isFinite(graceMs)
      ? setTimeout(() => this.threads.forEach((th) => th.terminate()), graceMs)
      : undefined;
    this.settleReady?.(
      new AbortedError(`the ${this.name} pool closed before its threads were ready`, reason),
    );
    this.closeIdle();
    await ended;
    clearTimeout(grace);
    return this.endList;
  }

  /** During a close: idle threads with nothing left to run tear down; the close ends with the last. */
  private closeIdle(): void {
    if (!this.closed) return;
    if (!this.queue.length) for (const th of this.threads) if (th.state === 'idle') th.askToClose();
    if (this.threads.length) return;
    // Every thread has ended (a drained task may have taken the last one down): nothing will run the rest.
    for (const t of this.queue.splice(0))
      t.settle({ error: new AbortedError(`the ${this.name} pool closed before the task started`) });
    this.onAllEnded?.();
  }

  private spawn(): void {
    const shared = this.budget.share();
    const thread = new PoolThread<Task>(
      { module: String(this.options.module), init: this.options.init, budget: shared },
      this.options.resourceLimits,
      shared,
      { message: (th, m) => this.onMessage(th, m), end: (th, e) => this.onEnd(th, e) },
    );
    this.budget.count('live', 1);
    this.threads.push(thread);
  }

  private pump(): void {
    while (this.queue.length && !this.failure) {
      const thread = this.threads.find((t) => t.state === 'idle');
      if (!thread) return this.grow();
      const seen = this.budget.generation;
      const slot = this.draws ? this.budget.tryAcquire() : undefined;
      if (this.draws && !slot) return this.waitForSlot(seen);
      this.begin(thread, this.queue.shift()!, slot);
    }
  }

  /** A lazy pool starts a thread for tasks no starting thread will take. */
  private grow(): void {
    const starting = this.threads.filter((t) => t.state === 'starting').length;
    if (this.options.lazy && !this.closed && this.queue.length > starting && this.threads.length < this.size)
      this.spawn();
  }

  private waitForSlot(seen: number): void {
    if (this.waitingForSlot) return;
    this.waitingForSlot = true;
    void this.budget.released(seen).then(() => {
      this.waitingForSlot = false;
      this.pump();
    });
  }

  private begin(thread: PoolThread<Task>, t: Task, slot: BudgetSlot | undefined): void {
    t.started = true;
    t.slot = slot;
    thread.task = t;
    thread.state = 'busy';
    this.budget.count('busy', 1);
    const { deadline, transfer } = t.options;
    if (deadline !== undefined) this.watchStop(thread, t, deadline);
    try {
      thread.post({ type: 'run', id: t.id, task: t.name, input: t.input, deadline, lend: !!slot }, transfer);
    } catch (err) {
      const message = `the input of task "${t.name}" cannot cross to a thread: ${messageOf(err)}`;
      this.finish(thread, { error: new InvalidArgumentError('input', message, { cause: err }) });
    }
  }

  /** Cancels a task: a queued one is dropped, a running one's thread signal fires. */
  private cancel(t: Task, reason: unknown): void {
    if (!t.started) return this.drop(t, new AbortedError('the task was cancelled', reason));
    const thread = this.threads.find((th) => th.task === t);
    if (!thread || t.cancelled) return;
    t.cancelled = { reason };
    this.watchStop(thread, t, Date.now());
    try {
      thread.post({ type: 'abort', id: t.id, reason });
    } catch {
      thread.post({ type: 'abort', id: t.id, reason: undefined }); // a reason that cannot be cloned
    }
  }

  /** With `stopGraceMs`: replaces the thread if the task still runs that long after `from`. */
  private watchStop(thread: PoolThread<Task>, t: Task, from: number): void {
    const grace = this.options.stopGraceMs;
    if (grace === undefined || (t.stop && t.stop.at <= from + grace)) return;
    const ms = from + grace - Date.now();
    // A deadline past a timer's range (about 24 days) is not watched.
    if (ms >= 2 ** 31 - 1) return;
    clearTimeout(t.stop?.timer);
    t.stop = { at: from + grace, timer: setTimeout(() => this.abandon(thread, t, grace), Math.max(0, ms)) };
  }

  /** Fails a task that did not stop in time and terminates its thread; `onEnd` starts another. */
  private abandon(thread: PoolThread<Task>, t: Task, grace: number): void {
    if (thread.task !== t) return;
    thread.task = undefined;
    thread.state = 'closing';
    t.slot?.release();
    this.budget.count('busy', -1);
    const error = stopError(t, this.name, grace);
    this.logger.warn({ pool: this.name, threadId: thread.threadId, task: t.name }, error.message);
    t.settle({ error });
    thread.terminate();
  }

  private drop(t: Task, error: Error): void {
    const at = this.queue.indexOf(t);
    if (at < 0) return;
    this.queue.splice(at, 1);
    t.settle({ error });
    this.closeIdle();
  }

  private onMessage(thread: PoolThread<Task>, m: FromThread): void {
    if (m.type === 'log')
      return this.logger[m.level]({ pool: this.name, threadId: thread.threadId, ...m.obj }, m.msg);
    if (m.type === 'ready') return this.onReady(thread, m.info as SetupInfo<M>);
    if (m.type === 'setup-failed') return this.onSetupFailed(thread, this.errors.revive(m.error));
    const t = thread.task;
    if (m.type === 'request') return this.answer(thread, m.seq, t?.id === m.id ? t : undefined, m.value);
    if (!t || t.id !== (m as { id?: number }).id) return;
    if (m.type === 'message') t.options.onMessage?.(m.value);
    else if (m.type === 'done') this.finish(thread, { value: m.value });
    else if (m.type === 'failed') this.finish(thread, { error: this.errors.revive(m.error) });
  }

  private answer(thread: PoolThread<Task>, seq: number, t: Task | undefined, value: unknown): void {
    void Promise.resolve()
      .then(() => {
        if (!t) throw new Error('the task has ended');
        if (!t.options.onRequest) throw new Error(`task "${t.name}" has no onRequest to answer its request`);
        return t.options.onRequest(value);
      })
      .then(
        (answer) => thread.state !== 'ended' && thread.post({ type: 'reply', seq, value: answer }),
        (err: unknown) =>
          thread.state !== 'ended' && thread.post({ type: 'reply', seq, error: serializeError(err) }),
      );
  }

  private onReady(thread: PoolThread<Task>, info: SetupInfo<M>): void {
    thread.wasReady = true;
    if (thread.state === 'starting') thread.state = 'idle';
    if (this.readyInfo === undefined) this.readyInfo = info;
    if (!this.threads.some((t) => !t.wasReady && t.state === 'starting')) this.settleReady?.();
    this.pump();
    this.closeIdle();
  }

  private onSetupFailed(thread: PoolThread<Task>, err: Error): void {
    thread.askToClose();
    // The threads started with the pool must all set up; a replacement that cannot is not replaced again.
    this.settleReady?.(err);
    const usable = this.threads.some((t) => t !== thread && ['starting', 'idle', 'busy'].includes(t.state));
    if (!this.readyResolved || !usable) this.fail(err);
  }

  /** No thread can run tasks: those waiting, and those to come, fail with `err`. */
  private fail(err: Error): void {
    this.failure ??= err;
    for (const t of this.queue.splice(0)) t.settle({ error: err });
  }

  private finish(thread: PoolThread<Task>, outcome: { value: unknown } | { error: Error }): void {
    const t = thread.task!;
    thread.task = undefined;
    clearTimeout(t.stop?.timer);
    if (thread.state === 'busy') thread.state = 'idle';
    t.slot?.release();
    this.budget.count('busy', -1);
    t.settle('error' in outcome ? { error: outcomeError(t, outcome.error) } : outcome);
    this.pump();
    this.closeIdle();
  }

  private onEnd(thread: PoolThread<Task>, end: ThreadEnd): void {
    this.threads.splice(this.threads.indexOf(thread), 1);
    this.endList.push(end);
    this.budget.recordEnd(end.kind);
    this.budget.count('live', -1);
    this.budget.reclaim(thread.budget);
    if (end.kind === 'died' || end.kind === 'out-of-memory')
      this.logger.error({ pool: this.name, threadId: end.threadId }, lostError(this.name, end).message);
    if (thread.task) this.finish(thread, { error: lostError(this.name, end, thread.task.name) });
    // A thread that never finished its setup is a setup failure: starting another would fail the same way.
    if (!this.closed && end.kind !== 'closed') {
      if (!thread.wasReady) this.onSetupFailed(thread, lostError(this.name, end));
      else if (!this.options.lazy) this.spawn();
    }
    this.pump();
    this.closeIdle();
  }
}
