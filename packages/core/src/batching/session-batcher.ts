import type { ModelSession } from '../backend.js';
import { InferenceError, InvalidArgumentError } from '../errors.js';
import { validateFeeds } from '../model/feeds.js';
import { concat0, split0, type AnyTensor, type TensorMap } from '../tensor.js';
import { MicroBatcher } from './micro-batcher.js';

/** Options of {@link createSessionBatcher}. */
export interface SessionBatcherOptions {
  /** Most rows (along axis 0) in one run. @defaultValue `32` */
  readonly maxBatchSize?: number;
  /** Longest wait of a request for company, in milliseconds. @defaultValue `2` */
  readonly maxDelayMs?: number;
  /** Most requests waiting. @defaultValue `10_000` */
  readonly maxQueueSize?: number;
  /** Batches in flight at once: set it to the session's worker threads (see `createThreadedBackend`). @defaultValue `1` */
  readonly maxConcurrentBatches?: number;
}

/** Runs single requests through a session, coalesced into batched runs. */
export interface SessionBatcher {
  /** Runs one request (its inputs carry their rows on axis 0); resolves with its own rows of each output. */
  run(feeds: TensorMap, options?: { signal?: AbortSignal }): Promise<TensorMap>;
  /** Requests waiting for a batch. */
  readonly queued: number;
  /** Runs what is queued, then stops accepting requests. */
  close(): Promise<void>;
}

/**
 * Micro-batching for a model whose inputs and outputs all have the batch on axis 0. Each request is
 * validated on its own first (so a bad request fails alone), requests with the same trailing shapes are
 * concatenated into one run, and every output is split back by rows.
 *
 * @example
 * ```ts
 * const batcher = createSessionBatcher(session, { maxBatchSize: 64, maxDelayMs: 2 });
 * const { y } = await batcher.run({ x: tensor('float32', row, [1, 2048]) });
 * ```
 */
export function createSessionBatcher(
  session: ModelSession,
  options: SessionBatcherOptions = {},
): SessionBatcher {
  const names = session.inputs.map((i) => i.name);
  // Requests are stacked on axis 0, so every input must have a dynamic axis 0, the same one for all.
  const batchAxes = new Set(session.inputs.map((i) => i.dims[0]));
  const axis = [...batchAxes][0];
  if (batchAxes.size !== 1 || typeof axis === 'number' || session.inputs.some((i) => i.dims.length === 0)) {
    const shapes = session.inputs
      .map((i) => `${i.name}[${i.dims.map((d) => d ?? '?').join(', ')}]`)
      .join(', ');
    throw new InvalidArgumentError(
      'session',
      `micro-batching needs one dynamic axis 0 shared by every input, got ${shapes}`,
    );
  }
  const batcher = new MicroBatcher<TensorMap, TensorMap>({
    ...options,
    rows: (feeds) => feeds[names[0]!]!.dims[0]!,
    key: (feeds) => names.map((n) => feeds[n]!.dims.slice(1).join('x')).join('|'),
    runBatch: async (items) => {
      const rows = items.map((f) => f[names[0]!]!.dims[0]!);
      const total = rows.reduce((a, b) => a + b, 0);
      const batched: TensorMap = {};
      for (const n of names) batched[n] = concat0(items.map((f) => f[n]!) as AnyTensor[]) as AnyTensor;
      const out = await session.run(batched);
      const pieces = items.map((): TensorMap => ({}));
      for (const [name, t] of Object.entries(out)) {
        if (t.dims[0] !== total) {
          throw new InferenceError(
            'INFERENCE_FAILED',
            `output "${name}" has ${t.dims[0]} rows on axis 0 for a batch of ${total}; it cannot be batched`,
          );
        }
        split0(t, rows).forEach((piece, i) => (pieces[i]![name] = piece as AnyTensor));
      }
      return pieces;
    },
  });
  return {
    async run(feeds, runOptions) {
      validateFeeds(session.inputs, feeds);
      return batcher.submit(feeds, runOptions);
    },
    get queued() {
      return batcher.queued;
    },
    close: () => batcher.close(),
  };
}
