import { InvalidArgumentError } from '@strata/core';
import type { JobContext, JobHandler, Json } from './types.js';

/** One shard of a sharded job: a JSON description (a record range, a group of series, a member) and its units of work. */
export type ShardSpec = { readonly units: number } & { readonly [key: string]: Json | undefined };

/** What a sharded job's `plan` sees. */
export interface PlanContext<I extends Json = Json> {
  readonly jobId: string;
  readonly input: I;
  /** The job's results directory, where a plan may leave what its shards read (an index, a copy). */
  readonly resultsDir: string;
  readonly signal: AbortSignal;
}

/** What a shard sees: a job context whose checkpoints and progress are the shard's own. */
export interface ShardContext<
  I extends Json = Json,
  C extends Json = Json,
  S extends ShardSpec = ShardSpec,
> extends JobContext<I, C> {
  readonly shard: S;
  /** The shard's place in the plan, from 0. */
  readonly index: number;
}

/** What `assemble` sees: every shard's output, in plan order. */
export interface AssembleContext<I extends Json = Json, O extends Json = Json> {
  readonly jobId: string;
  readonly input: I;
  readonly outputs: readonly O[];
  readonly resultsDir: string;
  readonly signal: AbortSignal;
  progress(done: number, total?: number): void;
}

/**
 * A job whose work splits into shards any worker may run: `plan` splits the input, `runShard` runs one
 * shard (writing its results under the job's results directory, replacing what an earlier attempt of it
 * wrote, with checkpoints of its own), and `assemble` makes the job's result once every shard has
 * committed its output. Every queue runs them the same way, each as an attempt of its own: the shards in
 * parallel on the queue's threads (and, on Redis, on many machines).
 */
export interface ShardedJobHandler<
  I extends Json = Json,
  C extends Json = Json,
  R extends Json = Json,
  S extends ShardSpec = ShardSpec,
  O extends Json = Json,
> {
  plan(ctx: PlanContext<I>): Promise<S[]>;
  runShard(ctx: ShardContext<I, C, S>): Promise<O>;
  assemble(ctx: AssembleContext<I, O>): Promise<R>;
}

/**
 * Declares a sharded job handler with its types; export it as the module's default.
 *
 * @example
 * ```ts
 * export default defineShardedJob<Input, BatchState, Result, { units: number; first: number }, Part>({
 *   async plan(ctx) { return shardRanges(await count(ctx.input), 10_000); },
 *   async runShard(ctx) { ... return { rows }; },
 *   async assemble(ctx) { ... return { rows: sum(ctx.outputs) }; },
 * });
 * ```
 */
export function defineShardedJob<
  I extends Json,
  C extends Json,
  R extends Json,
  S extends ShardSpec,
  O extends Json,
>(handler: ShardedJobHandler<I, C, R, S, O>): ShardedJobHandler<I, C, R, S, O> {
  return handler;
}

/** Whether a handler splits into shards. */
export function isSharded(handler: JobHandler | ShardedJobHandler): handler is ShardedJobHandler {
  const h = handler as Partial<ShardedJobHandler>;
  return typeof h.plan === 'function' && typeof h.runShard === 'function' && typeof h.assemble === 'function';
}

/**
 * Consecutive ranges of `size` units over `total` (the last one shorter): the usual plan of a job over
 * records or series. Throws `INVALID_ARGUMENT` for a size that is not a whole number ≥ 1.
 *
 * @example
 * ```ts
 * shardRanges(45_000, 20_000); // [{ first: 0, units: 20000 }, { first: 20000, units: 20000 }, { first: 40000, units: 5000 }]
 * ```
 */
export function shardRanges(total: number, size: number): { first: number; units: number }[] {
  if (!Number.isInteger(size) || size < 1)
    throw new InvalidArgumentError('shardSize', `shardSize must be a whole number ≥ 1, got ${size}`, {
      value: size,
    });
  return Array.from({ length: Math.ceil(total / size) }, (_, i) => ({
    first: i * size,
    units: Math.min(size, total - i * size),
  }));
}
