import { availableParallelism } from 'node:os';
import { createScreenPool, type ScreenPool } from '../screening/screen-pool.js';
import type { ScreenOptions } from '../screening/screen-options.js';

/** How long an unused pool waits for the next shard before its threads end. */
const IDLE_MS = 15_000;

let cached: { key: string; pool: Promise<ScreenPool>; timer?: NodeJS.Timeout } | undefined;

/**
 * The screening pool of this job thread, kept between shards: the next shard of a screen (with the
 * same options) finds its threads warm, RDKit loaded and filters compiled, instead of paying a second
 * or more to start them. `release()` it after each shard; it closes when idle or replaced.
 */
export async function screenPool(
  options: ScreenOptions,
  input: { workers?: number | undefined; modelsDir?: string | undefined },
): Promise<ScreenPool & { release(): void }> {
  const workers = input.workers ?? availableParallelism();
  const key = JSON.stringify([options, workers, input.modelsDir ?? null]);
  if (cached?.key !== key) {
    await closeScreenPools();
    const pool = createScreenPool(options, workers, input.modelsDir);
    cached = { key, pool };
    // A pool that fails to start is not kept: the next shard tries again.
    pool.catch(() => {
      if (cached?.pool === pool) cached = undefined;
    });
  }
  const entry = cached;
  clearTimeout(entry.timer);
  const pool = await entry.pool;
  return Object.assign(Object.create(pool) as ScreenPool, {
    release: () => {
      // Only this pool, if it is still the kept one: a later shard may have replaced it.
      entry.timer = setTimeout(() => cached === entry && void closeScreenPools(), IDLE_MS);
      entry.timer.unref();
    },
  });
}

/** Ends the kept pool's threads now. */
export async function closeScreenPools(): Promise<void> {
  const entry = cached;
  cached = undefined;
  if (!entry) return;
  clearTimeout(entry.timer);
  await (await entry.pool.catch(() => null))?.close();
}

/** The RDKit version a screen with these options runs (for a screen with no molecules). */
export async function rdkitVersion(
  options: ScreenOptions,
  input: { workers?: number | undefined; modelsDir?: string | undefined },
): Promise<string> {
  const pool = await screenPool(options, input);
  pool.release();
  return pool.rdkitVersion;
}
