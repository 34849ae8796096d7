import { AbortedError, InvalidArgumentError, QueueFullError, StrataError } from '../errors.js';

/** Options of {@link MicroBatcher}. */
export interface MicroBatcherOptions<I, O> {
  /** Runs one batch; must return one result per item, in order. */
  readonly runBatch: (items: readonly I[]) => Promise<readonly O[]>;
  /** Most rows in one batch. @defaultValue `32` */
  readonly maxBatchSize?: number;
  /** Longest time the first item of a batch waits for company, in milliseconds. @defaultValue `2` */
  readonly maxDelayMs?: number;
  /** Most items waiting; more are refused with `QUEUE_FULL`. @defaultValue `10_000` */
  readonly maxQueueSize?: number;
  /** Batches running at once (more than one only helps when `runBatch` runs off this thread). @defaultValue `1` */
  readonly maxConcurrentBatches?: number;
  /** Only items with the same key share a batch (e.g. the same trailing shape). @defaultValue one key for all */
  readonly key?: (item: I) => string;
  /** Rows an item contributes to a batch. @defaultValue `1` */
  readonly rows?: (item: I) => number;
}

interface Entry<I, O> {
  readonly item: I;
  readonly rows: number;
  readonly resolve: (o: O) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Group<I, O> {
  entries: Entry<I, O>[];
  rows: number;
  timer: NodeJS.Timeout | undefined;
  due: boolean;
}

/**
 * Coalesces concurrent small requests into batched calls, as Triton's dynamic batcher does: a batch is
 * sent when it holds `maxBatchSize` rows or when its first item has waited `maxDelayMs`. Results are
 * split back in order. When a batch fails, its items are retried one by one so that an error reaches only
 * the request it belongs to.
 *
 * @example
 * ```ts
 * const batcher = new MicroBatcher({ runBatch: async (xs: number[]) => xs.map((x) => x * 2), maxBatchSize: 64 });
 * const doubled = await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
 * ```
 */
export class MicroBatcher<I, O> {
  private readonly groups = new Map<string, Group<I, O>>();
  private readonly ready: string[] = [];
  private waiting = 0;
  private running = 0;
  private closed = false;
  private readonly maxBatchSize: number;
  private readonly maxDelayMs: number;
  private readonly maxQueueSize: number;
  private readonly maxConcurrent: number;
  private idle: (() => void)[] = [];

  constructor(private readonly options: MicroBatcherOptions<I, O>) {
    this.maxBatchSize = positive('maxBatchSize', options.maxBatchSize ?? 32);
    this.maxDelayMs = options.maxDelayMs ?? 2;
    this.maxQueueSize = positive('maxQueueSize', options.maxQueueSize ?? 10_000);
    this.maxConcurrent = positive('maxConcurrentBatches', options.maxConcurrentBatches ?? 1);
  }

  /** Items waiting for a batch. */
  get queued(): number {
    return this.waiting;
  }

  /** Queues one item; resolves with its own result. */
  submit(item: I, options: { signal?: AbortSignal } = {}): Promise<O> {
    const { signal } = options;
    if (this.closed) return Promise.reject(new StrataError('INVALID_ARGUMENT', 'the batcher is closed'));
    if (signal?.aborted) return Promise.reject(new AbortedError('the request was aborted', signal.reason));
    if (this.waiting >= this.maxQueueSize) {
      return Promise.reject(
        new QueueFullError('QUEUE_FULL', `the batch queue is full (${this.maxQueueSize} waiting)`, {
          context: { limit: this.maxQueueSize },
        }),
      );
    }
    const key = this.options.key?.(item) ?? '';
    const rows = this.options.rows?.(item) ?? 1;
    return new Promise<O>((resolve, reject) => {
      const entry: Entry<I, O> = {
        item,
        rows,
        resolve,
        reject,
        signal,
        onAbort: () => this.drop(key, entry),
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { entries: [], rows: 0, timer: undefined, due: false }));
      g.entries.push(entry);
      g.rows += rows;
      this.waiting++;
      this.schedule(key, g);
      this.pump();
    });
  }

  /** Stops accepting items and resolves once everything queued has run. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [key, g] of this.groups) {
      g.due = true;
      clearTimeout(g.timer);
      this.markReady(key);
    }
    this.pump();
    if (this.waiting > 0 || this.running > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  /** Marks a group ready when full or due, or starts its delay; never dispatches (callers pump). */
  private schedule(key: string, g: Group<I, O>): void {
    if (g.rows >= this.maxBatchSize || g.due) this.markReady(key);
    else
      g.timer ??= setTimeout(() => {
        g.due = true;
        g.timer = undefined;
        this.markReady(key);
        this.pump();
      }, this.maxDelayMs);
  }

  private markReady(key: string): void {
    if (!this.ready.includes(key)) this.ready.push(key);
  }

  private drop(key: string, entry: Entry<I, O>): void {
    const g = this.groups.get(key);
    const at = g?.entries.indexOf(entry) ?? -1;
    if (!g || at < 0) return; // already dispatched: the result is discarded when it arrives
    g.entries.splice(at, 1);
    g.rows -= entry.rows;
    this.waiting--;
    if (g.entries.length === 0) {
      clearTimeout(g.timer);
      this.groups.delete(key);
      const at = this.ready.indexOf(key);
      if (at >= 0) this.ready.splice(at, 1); // or a new group of this key would skip its delay
    }
    entry.reject(new AbortedError('the request was aborted', entry.signal?.reason));
    this.settleIdle();
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const g = this.groups.get(key);
      if (!g || g.entries.length === 0) continue;
      const batch: Entry<I, O>[] = [];
      let rows = 0;
      while (g.entries.length > 0 && (batch.length === 0 || rows + g.entries[0]!.rows <= this.maxBatchSize)) {
        const e = g.entries.shift()!;
        rows += e.rows;
        batch.push(e);
      }
      g.rows -= rows;
      this.waiting -= batch.length;
      if (g.entries.length === 0) {
        clearTimeout(g.timer);
        this.groups.delete(key);
      } else {
        // A leftover that already waited its delay goes next; a fresh one waits for company.
        this.schedule(key, g);
      }
      this.running++;
      void this.dispatch(batch).finally(() => {
        this.running--;
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async dispatch(batch: Entry<I, O>[]): Promise<void> {
    for (const e of batch) e.signal?.removeEventListener('abort', e.onAbort);
    try {
      const results = await this.runChecked(batch.map((e) => e.item));
      batch.forEach((e, i) => settle(e, results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // One bad item must not fail its neighbours: run each alone and settle each on its own.
      for (const e of batch) {
        if (e.signal?.aborted) {
          e.reject(new AbortedError('the request was aborted', e.signal.reason));
          continue;
        }
        try {
          settle(e, (await this.runChecked([e.item]))[0]!);
        } catch (itemErr) {
          e.reject(itemErr);
        }
      }
    }
  }

  private async runChecked(items: I[]): Promise<readonly O[]> {
    const results = await this.options.runBatch(items);
    if (results.length !== items.length) {
      throw new StrataError(
        'INFERENCE_FAILED',
        `runBatch returned ${results.length} results for ${items.length} items`,
      );
    }
    return results;
  }

  private settleIdle(): void {
    if (this.waiting === 0 && this.running === 0) for (const r of this.idle.splice(0)) r();
  }
}

function settle<I, O>(e: Entry<I, O>, result: O): void {
  if (e.signal?.aborted) e.reject(new AbortedError('the request was aborted', e.signal.reason));
  else e.resolve(result);
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, `${name} must be a positive integer, got ${value}`, { value });
  }
  return value;
}
