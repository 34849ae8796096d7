import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineJob } from '../types.js';

/** Input of the contract suite's job: sums i² over `chunks` chunks of `chunkSize` integers. */
export interface SumInput {
  [k: string]: number | undefined;
  readonly chunks: number;
  readonly chunkSize: number;
  /** Pause after each chunk, to make the job long enough to watch, cancel or kill. */
  readonly delayMs: number;
  /** Throw when this chunk is reached. */
  readonly failAt?: number;
}

/** Sum of i² for i in [from, to). */
export function sumOfSquares(from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += i * i;
  return s;
}

/**
 * A deterministic, checkpointing job for the contract suite: per chunk it writes `part-<i>.json`, then
 * saves a checkpoint, then reports progress. It stops between chunks when its signal fires.
 */
export default defineJob<SumInput, { next: number; sum: number }, { sum: number; chunks: number }>({
  async run(ctx) {
    const { chunks, chunkSize, delayMs, failAt } = ctx.input;
    let { next, sum } = ctx.resume ?? { next: 0, sum: 0 };
    ctx.progress(next, chunks);
    while (next < chunks) {
      if (ctx.signal.aborted) throw Object.assign(new Error('stopped'), { code: 'ABORTED' });
      if (next === failAt)
        throw Object.assign(new Error(`chunk ${next} is poisoned`), { code: 'TEST_POISON' });
      const part = sumOfSquares(next * chunkSize, (next + 1) * chunkSize);
      await writeFile(join(ctx.resultsDir, `part-${next}.json`), JSON.stringify({ chunk: next, sum: part }));
      sum += part;
      next += 1;
      await ctx.saveCheckpoint({ next, sum }, { done: next, total: chunks });
      await sleep(delayMs);
    }
    return { sum, chunks };
  },
});
