import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineShardedJob } from '../sharded.js';
import { sumOfSquares, type SumInput } from './sum-of-squares.job.js';

/** A shard of the sharded sum: chunks [first, first + units). */
type Range = { units: number; first: number };

/**
 * The contract suite's sharded job: the sum of squares of the plain one, in shards of `shardChunks`
 * chunks. Each chunk writes `part-<i>.json` (a retried shard rewrites, never duplicates, its files),
 * then checkpoints within its shard; `assemble` adds the shards' sums.
 */
export default defineShardedJob<
  SumInput & { shardChunks: number },
  { next: number; sum: number },
  { sum: number; chunks: number; shards: number },
  Range,
  { sum: number; chunks: number }
>({
  async plan(ctx) {
    const { chunks, shardChunks } = ctx.input;
    return Array.from({ length: Math.ceil(chunks / shardChunks) }, (_, i) => ({
      first: i * shardChunks,
      units: Math.min(shardChunks, chunks - i * shardChunks),
    }));
  },
  async runShard(ctx) {
    const { chunkSize, delayMs, failAt } = ctx.input;
    const { first, units } = ctx.shard;
    let { next, sum } = ctx.resume ?? { next: 0, sum: 0 };
    ctx.progress(next);
    while (next < units) {
      if (ctx.signal.aborted) throw Object.assign(new Error('stopped'), { code: 'ABORTED' });
      const chunk = first + next;
      if (chunk === failAt)
        throw Object.assign(new Error(`chunk ${chunk} is poisoned`), { code: 'TEST_POISON' });
      const part = sumOfSquares(chunk * chunkSize, (chunk + 1) * chunkSize);
      await writeFile(join(ctx.resultsDir, `part-${chunk}.json`), JSON.stringify({ chunk, sum: part }));
      sum += part;
      next += 1;
      await ctx.saveCheckpoint({ next, sum }, { done: next });
      await sleep(delayMs);
    }
    return { sum, chunks: units };
  },
  async assemble(ctx) {
    const sum = ctx.outputs.reduce((s, o) => s + o.sum, 0);
    return { sum, chunks: ctx.outputs.reduce((n, o) => n + o.chunks, 0), shards: ctx.outputs.length };
  },
});
