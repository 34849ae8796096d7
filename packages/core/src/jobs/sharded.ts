import { throwIfAborted } from '../errors.js';
import type { JobContext, JobHandler, Json } from './types.js';

/** One shard of a sharded job: a JSON description (a record range, a group of series, a member) and its units of work. */
export type ShardSpec = { readonly units: number } & { readonly [key: string]: Json | undefined };

/** What a sharded job's `plan` sees. */
export interface PlanContext<I extends Json = Json> {
  readonly jobId: string;
  readonly input: I;
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
 * committed its output. A queue that scales out runs the shards in parallel on many machines; one that
 * does not runs them in order through `run`.
 */
export interface ShardedJobHandler<
  I extends Json = Json,
  C extends Json = Json,
  R extends Json = Json,
  S extends ShardSpec = ShardSpec,
  O extends Json = Json,
> extends JobHandler<I, Json, R> {
  plan(ctx: PlanContext<I>): Promise<S[]>;
  runShard(ctx: ShardContext<I, C, S>): Promise<O>;
  assemble(ctx: AssembleContext<I, O>): Promise<R>;
}

/** Whether a handler splits into shards. */
export function isSharded(handler: JobHandler): handler is ShardedJobHandler {
  const h = handler as Partial<ShardedJobHandler>;
  return typeof h.plan === 'function' && typeof h.runShard === 'function' && typeof h.assemble === 'function';
}

/** The checkpoint of a sharded job run in order: the plan, the outputs so far, the current shard's own. */
type InOrder = { [key: string]: Json; shards: ShardSpec[]; outputs: Json[]; shard: Json };

/**
 * Declares a sharded job handler; export it as the module's default. Its `run` (for queues that do not
 * fan out) runs the shards one after another, resuming inside the shard it was in.
 *
 * @example
 * ```ts
 * export default defineShardedJob<Input, BatchState, Result, { units: number; first: number }, Part>({
 *   async plan(ctx) { return ranges(await count(ctx.input), 10_000); },
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
>(handler: Omit<ShardedJobHandler<I, C, R, S, O>, 'run'>): ShardedJobHandler<I, C, R, S, O> {
  return {
    ...handler,
    async run(ctx: JobContext<I, Json>): Promise<R> {
      const resume = ctx.resume as InOrder | undefined;
      const shards = (resume?.shards as S[] | undefined) ?? (await handler.plan(ctx));
      const total = shards.reduce((n, s) => n + s.units, 0);
      const outputs = [...((resume?.outputs ?? []) as O[])];
      let shardResume = resume?.shard as C | undefined;
      for (let index = outputs.length; index < shards.length; index++) {
        throwIfAborted(ctx.signal);
        const before = shards.slice(0, index).reduce((n, s) => n + s.units, 0);
        const state = (shard: Json): InOrder => ({ shards, outputs: outputs as Json[], shard });
        const output = await handler.runShard({
          ...ctx,
          shard: shards[index]!,
          index,
          resume: shardResume,
          get resultsDir() {
            return ctx.resultsDir;
          },
          progress: (done) => ctx.progress(before + done, total),
          saveCheckpoint: (s, p) => ctx.saveCheckpoint(state(s), { done: before + (p?.done ?? 0), total }),
        });
        outputs.push(output);
        shardResume = undefined;
        await ctx.saveCheckpoint(state(null), { done: before + shards[index]!.units, total });
      }
      return handler.assemble({
        jobId: ctx.jobId,
        input: ctx.input,
        outputs,
        resultsDir: ctx.resultsDir,
        signal: ctx.signal,
        progress: (done) => ctx.progress(done, total),
      });
    },
  };
}
