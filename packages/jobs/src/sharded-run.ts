import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '@strata/core';
import type { ShardedJobHandler, ShardSpec } from './sharded.js';
import type { JobContext, Json } from './types.js';

/** The checkpoint of a sharded job run in order: the plan, how many shards are done, the current shard's own. */
type InOrder = { [key: string]: Json; shards: ShardSpec[]; next: number; shard: Json };

/** Shard outputs are files beside the results, not part of every checkpoint (which would grow with each shard). */
const outputFile = (resultsDir: string, index: number) => join(resultsDir, 'shard-outputs', `${index}.json`);

function writeOutput(resultsDir: string, index: number, output: Json): void {
  const file = outputFile(resultsDir, index);
  mkdirSync(join(resultsDir, 'shard-outputs'), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(output));
  renameSync(`${file}.tmp`, file);
}

/**
 * Declares a sharded job handler; export it as the module's default. Its `run` (for queues that do not
 * fan out, like the in-process one) runs the shards one after another, resuming inside the shard it
 * was in; a queue that scales out (`@strata/jobs-redis`) runs `plan`, the shards and `assemble` itself.
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
      let shardResume = resume?.shard as C | undefined;
      for (let index = resume?.next ?? 0; index < shards.length; index++) {
        throwIfAborted(ctx.signal);
        const before = shards.slice(0, index).reduce((n, s) => n + s.units, 0);
        const state = (next: number, shard: Json): InOrder => ({ shards, next, shard });
        const output = await handler.runShard({
          ...ctx,
          shard: shards[index]!,
          index,
          resume: shardResume,
          progress: (done) => ctx.progress(before + done, total),
          saveCheckpoint: (s, p) =>
            ctx.saveCheckpoint(state(index, s), { done: before + (p?.done ?? 0), total }),
        });
        writeOutput(ctx.resultsDir, index, output);
        shardResume = undefined;
        await ctx.saveCheckpoint(state(index + 1, null), { done: before + shards[index]!.units, total });
      }
      const outputs = await Promise.all(
        shards.map(async (_, i) => JSON.parse(await readFile(outputFile(ctx.resultsDir, i), 'utf8')) as O),
      );
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
