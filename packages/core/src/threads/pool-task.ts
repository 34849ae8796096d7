import { AbortedError, DeadlineError, isStrataError } from '../errors.js';
import type { BudgetSlot } from './thread-budget.js';
import type { TaskOptions } from './pool-options.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The callbacks of the tasks waiting on each signal, behind one listener per signal: a job queues
 * thousands of tasks on its one signal, and Node warns of a leak past ten listeners on one.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` when `signal` aborts, until the function returned is called. */
function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const all = new Set<() => void>();
    signal.addEventListener('abort', () => all.forEach((f) => f()), { once: true });
    waiting.set(signal, (callbacks = all));
  }
  callbacks.add(fn);
  return () => callbacks.delete(fn);
}

/** A task of a pool, from its `run()` until it settles. */
export interface Task {
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
  readonly options: TaskOptions;
  /** Settles its promise once, and stops listening to its signal and deadline. */
  readonly settle: (outcome: { value: unknown } | { error: Error }) => void;
  /** The budget slot it holds while it runs. */
  slot?: BudgetSlot | undefined;
  started?: boolean;
  /** Why it was cancelled while it ran, if it was. */
  cancelled?: { reason: unknown };
  /** When its thread is replaced if it has not finished (see `stopGraceMs`), and the timer that does it. */
  stop?: { at: number; timer: NodeJS.Timeout };
}

/**
 * A task and the promise `run()` returns: `cancel` is called when its signal fires, `expire` when its
 * deadline passes (the pool drops it then if it has not started; a started one's thread sees it).
 */
export function newTask<T>(
  fields: Pick<Task, 'id' | 'name' | 'input' | 'options'>,
  on: { cancel(reason: unknown): void; expire(): void },
): { task: Task; promise: Promise<T> } {
  const { signal, deadline } = fields.options;
  let timer: NodeJS.Timeout | undefined;
  let stopListening = () => {};
  let task!: Task;
  const promise = new Promise<T>((resolve, reject) => {
    task = {
      ...fields,
      settle: (outcome) => {
        clearTimeout(timer);
        stopListening();
        if ('value' in outcome) resolve(outcome.value as T);
        else reject(outcome.error);
      },
    };
  });
  if (signal) stopListening = onAbort(signal, () => on.cancel(signal.reason));
  // A deadline past a timer's range (about 24 days) cannot expire while the task waits.
  if (deadline !== undefined && deadline - Date.now() < MAX_TIMER_MS)
    timer = setTimeout(() => !task.started && on.expire(), deadline - Date.now());
  return { task, promise };
}

/** The error a task fails with: past its deadline `DEADLINE_EXCEEDED`, after a cancel `ABORTED`. */
export function outcomeError(t: Task, err: Error): Error {
  const { deadline } = t.options;
  if (isStrataError(err, 'THREAD_EXITED', 'THREAD_OUT_OF_MEMORY')) return err;
  if (deadline !== undefined && Date.now() >= deadline && !isStrataError(err, 'DEADLINE_EXCEEDED'))
    return new DeadlineError(deadline, { cause: err });
  if (t.cancelled && !isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED'))
    return new AbortedError('the task was cancelled', t.cancelled.reason);
  return err;
}

/** The error of a task that did not stop within `graceMs` of its deadline or cancel (see `stopGraceMs`). */
export function stopError(t: Task, pool: string, graceMs: number): DeadlineError | AbortedError {
  const { deadline } = t.options;
  const what = `task "${t.name}" of the ${pool} pool`;
  const replaced = `did not stop within ${graceMs} ms: its thread was replaced`;
  if (t.cancelled === undefined && deadline !== undefined) {
    const when = new Date(deadline).toISOString();
    return new DeadlineError(deadline, { message: `${what} passed its deadline (${when}) and ${replaced}` });
  }
  return new AbortedError(`${what} was cancelled and ${replaced}`, t.cancelled?.reason);
}
