import { availableParallelism } from 'node:os';
import { AbortedError, InvalidArgumentError, throwIfAborted } from '../errors.js';

/** How a pool thread ended. */
export type ThreadEndKind = 'closed' | 'terminated' | 'died' | 'out-of-memory';

/** Counts of busy and live threads and of how threads ended, over every thread sharing a budget. */
export interface BudgetStats {
  /** Slots in the budget: the most threads that run tasks at once. */
  readonly size: number;
  /** Slots held now (a task holds one while it runs). */
  readonly used: number;
  /** Threads running a task now, also those on a lent slot and in pools that do not draw slots. */
  readonly busy: number;
  /** Pool threads alive now, busy or idle. */
  readonly live: number;
  /** How many threads ended each way since the budget was made. */
  readonly ends: Readonly<Record<ThreadEndKind, number>>;
}

/** A slot taken from a budget; `release()` it when the task ends (a second call does nothing). */
export interface BudgetSlot {
  /** Whether this is the slot the thread's own task lent (see {@link ThreadBudget}). */
  readonly lent: boolean;
  release(): void;
}

/** A budget as it crosses to a pool thread: its memory and the account of that thread. */
export interface SharedBudget {
  readonly buffer: SharedArrayBuffer;
  readonly account: number;
}

/** What the thread runtime puts on `globalThis`: the budget of its pool and the lent slot. */
export interface ThreadBudgetContext {
  readonly budget: SharedBudget;
  readonly lend: { active: boolean; inUse: boolean };
}

const ENDS: readonly ThreadEndKind[] = ['closed', 'terminated', 'died', 'out-of-memory'];
// The header of the shared memory, then one record per account (a thread that may run pools).
const USED = 0;
const SIZE = 1;
const GEN = 2;
const BUSY = 3;
const LIVE = 4;
const END_AT = 5;
const HEADER = 10;
const MAX_ACCOUNTS = 1024;
const RECORD = 5;
// Fields of an account record: in use, parent + 1, slots held, busy threads, live threads.
const [IN_USE, PARENT, HELD] = [0, 1, 2];
const FIELD = { busy: 3, live: 4 } as const;
const TOTAL = { busy: BUSY, live: LIVE } as const;
/** A waiting pool checks again this often even without a wake-up (one missed between check and wait). */
const RECHECK_MS = 500;

/** `Atomics.waitAsync` (in Node since 16; ES2024 in TypeScript's lib). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      cells: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync.bind(Atomics);

const CONTEXT = Symbol.for('strata.threads.context');
const DEFAULT = Symbol.for('strata.threads.defaultBudget');
type Globals = { [CONTEXT]?: ThreadBudgetContext; [DEFAULT]?: SharedBudget };
const globals = globalThis as typeof globalThis & Globals;

/** Options of a {@link ThreadBudget}. */
export interface ThreadBudgetOptions {
  /** Threads that may run tasks at once. @defaultValue `os.availableParallelism()` */
  readonly size?: number;
}

/**
 * Slots for busy threads, shared by every pool that draws from the budget, in this thread and in the
 * pool threads it starts (the count lives in a `SharedArrayBuffer` that pools hand to their threads),
 * so that a process running two screens and a forecast starts no more busy threads than cores.
 * A pool takes a slot when it hands a thread a task and gives it back when the task ends; idle
 * threads hold none.
 *
 * The rule for nesting (a job thread whose handler runs a screening pool): the task running on a pool
 * thread holds a slot, and while it runs, pools on that thread may use that slot (it is lent to them:
 * the thread mostly waits for them) plus whatever else is free. So an inner pool always gets at least
 * one thread and a job can never wait on slots its own kind holds: no deadlock, at most `size` busy
 * threads plus the waiting outer ones. A thread that dies gives back what its pools held.
 *
 * @example
 * ```ts
 * defaultThreadBudget().resize(4); // at startup: at most 4 busy pool threads in the process
 * const pool = WorkerPool.start({ module, threads: 8 }); // 8 threads, at most 4 of them busy
 * ```
 */
export class ThreadBudget {
  private readonly cells: Int32Array;
  private readonly account: number;

  constructor(options: ThreadBudgetOptions | SharedBudget = {}) {
    if ('buffer' in options) {
      this.cells = new Int32Array(options.buffer);
      this.account = options.account;
      return;
    }
    const size = options.size ?? availableParallelism();
    checkSize(size);
    this.cells = new Int32Array(new SharedArrayBuffer((HEADER + MAX_ACCOUNTS * RECORD) * 4));
    this.cells[SIZE] = size;
    this.cells[HEADER + IN_USE] = 1; // account 0: the thread that made the budget
    this.account = 0;
  }

  /** The budget's size: threads that may run tasks at once. */
  get size(): number {
    return Atomics.load(this.cells, SIZE);
  }

  /** This budget as this thread sees it (its memory and this thread's account). */
  get shared(): SharedBudget {
    return { buffer: this.cells.buffer as SharedArrayBuffer, account: this.account };
  }

  /** Changes the size for every pool and thread sharing the budget (slots held stay held). */
  resize(size: number): void {
    checkSize(size);
    Atomics.store(this.cells, SIZE, size);
    this.wake();
  }

  /** A slot if one is free now (the lent one first, on a pool thread), else `undefined`. */
  tryAcquire(): BudgetSlot | undefined {
    const lend = this.lend();
    if (lend?.active && !lend.inUse) {
      lend.inUse = true;
      return this.slot(true);
    }
    for (;;) {
      const used = Atomics.load(this.cells, USED);
      if (used >= Atomics.load(this.cells, SIZE)) return undefined;
      if (Atomics.compareExchange(this.cells, USED, used, used + 1) === used) break;
    }
    Atomics.add(this.cells, this.field(this.account, HELD), 1);
    return this.slot(false);
  }

  /** Waits for a slot. Rejects with `ABORTED` on the signal. */
  async acquire(options: { signal?: AbortSignal } = {}): Promise<BudgetSlot> {
    for (;;) {
      throwIfAborted(options.signal);
      const seen = this.generation;
      const slot = this.tryAcquire();
      if (slot) return slot;
      await this.released(seen, options.signal);
    }
  }

  /** A number that changes whenever a slot is given back or the size changes. */
  get generation(): number {
    return Atomics.load(this.cells, GEN);
  }

  /** Resolves once the {@link generation} is no longer `seen` (or after a short while regardless). */
  released(seen: number, signal?: AbortSignal): Promise<void> {
    const wait = waitAsync(this.cells, GEN, seen, RECHECK_MS);
    if (!wait.async) return Promise.resolve();
    if (!signal) return wait.value.then(() => undefined);
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new AbortedError('the wait for a thread slot was aborted', signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      void wait.value.then(() => (signal.removeEventListener('abort', onAbort), resolve()));
    });
  }

  /** Busy and live threads, slots and thread ends, over every thread sharing the budget. */
  stats(): BudgetStats {
    const ends = Object.fromEntries(ENDS.map((k, i) => [k, Atomics.load(this.cells, END_AT + i)]));
    return {
      size: this.size,
      used: Atomics.load(this.cells, USED),
      busy: Atomics.load(this.cells, BUSY),
      live: Atomics.load(this.cells, LIVE),
      ends: ends as Record<ThreadEndKind, number>,
    };
  }

  /** For pools: counts threads of this thread's pools that are alive or busy (`delta` +1 or -1). */
  count(what: 'busy' | 'live', delta: number): void {
    Atomics.add(this.cells, TOTAL[what], delta);
    Atomics.add(this.cells, this.field(this.account, FIELD[what]), delta);
  }

  /** For pools: records how a thread ended. */
  recordEnd(kind: ThreadEndKind): void {
    Atomics.add(this.cells, END_AT + ENDS.indexOf(kind), 1);
  }

  /**
   * For pools: an account for a thread about to start, and the budget as that thread sees it. Its
   * pools charge what they hold to it, so that {@link reclaim} can give it back if the thread dies.
   */
  share(): SharedBudget {
    for (let a = 1; a < MAX_ACCOUNTS; a++) {
      if (Atomics.compareExchange(this.cells, this.field(a, IN_USE), 0, 1) === 0) {
        Atomics.store(this.cells, this.field(a, PARENT), this.account + 1);
        return { buffer: this.cells.buffer as SharedArrayBuffer, account: a };
      }
    }
    // Every account taken (over a thousand live pool threads): charge the new thread to this one.
    return { buffer: this.cells.buffer as SharedArrayBuffer, account: this.account };
  }

  /** For pools: gives back what an ended thread's pools (and their threads, and theirs) still held. */
  reclaim(shared: SharedBudget): void {
    const a = shared.account;
    if (a === this.account || a === 0) return;
    for (let child = 1; child < MAX_ACCOUNTS; child++)
      if (Atomics.load(this.cells, this.field(child, PARENT)) === a + 1)
        this.reclaim({ ...shared, account: child });
    Atomics.sub(this.cells, USED, Atomics.exchange(this.cells, this.field(a, HELD), 0));
    for (const what of ['busy', 'live'] as const)
      Atomics.sub(this.cells, TOTAL[what], Atomics.exchange(this.cells, this.field(a, FIELD[what]), 0));
    Atomics.store(this.cells, this.field(a, PARENT), 0);
    Atomics.store(this.cells, this.field(a, IN_USE), 0);
    this.wake();
  }

  /** Whether `other` counts in the same memory as this budget. */
  sameAs(other: ThreadBudget): boolean {
    return other.cells.buffer === this.cells.buffer;
  }

  private slot(lent: boolean): BudgetSlot {
    let held = true;
    return {
      lent,
      release: () => {
        if (!held) return;
        held = false;
        if (lent) this.lend()!.inUse = false;
        else {
          Atomics.sub(this.cells, USED, 1);
          Atomics.sub(this.cells, this.field(this.account, HELD), 1);
        }
        this.wake();
      },
    };
  }

  /** The lent slot of this pool thread's task, if this budget is the one its pool shared. */
  private lend(): ThreadBudgetContext['lend'] | undefined {
    const context = globals[CONTEXT];
    return context && context.budget.buffer === this.cells.buffer ? context.lend : undefined;
  }

  private wake(): void {
    Atomics.add(this.cells, GEN, 1);
    Atomics.notify(this.cells, GEN);
  }

  private field(account: number, field: number): number {
    return HEADER + account * RECORD + field;
  }
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1)
    throw new InvalidArgumentError('size', `a thread budget's size must be a positive integer, got ${size}`, {
      value: size,
    });
}

/**
 * The process-wide budget pools draw from by default: on the main thread one of
 * `os.availableParallelism()` slots, made on first use; on a pool thread the budget its pool shared
 * with it (so a job thread's screening pool counts against the same slots as the jobs).
 */
export function defaultThreadBudget(): ThreadBudget {
  const context = globals[CONTEXT];
  if (context) return new ThreadBudget(context.budget);
  if (!globals[DEFAULT]) {
    const budget = new ThreadBudget();
    globals[DEFAULT] = budget.shared;
    return budget;
  }
  return new ThreadBudget(globals[DEFAULT]);
}
