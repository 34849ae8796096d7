import type { ThreadEnd } from '@strata/core/node';
import { screenOptions, type ScreenOptions } from '@strata/drug';
import { createScreenPool, type ScreenPool } from '@strata/drug/node';

/**
 * Screening threads for synchronous scoring, one small pool per set of options (a pool's threads
 * compile its filters and load its models once), the least recently used closed when more than
 * `maxPools` are open. Requests with the usual options share one warm pool. Busy threads draw on the
 * process's thread budget, like the screening jobs' threads.
 */
export class ScorePools {
  private readonly pools = new Map<string, Promise<ScreenPool>>();
  /** Pools closing or closed, with how their threads ended. */
  private readonly closings: Promise<readonly ThreadEnd[]>[] = [];

  /**
   * @param threads - screening threads per pool
   * @param modelsDir - where the property models named in options are
   * @param maxPools - pools kept open at once
   */
  constructor(
    private readonly threads: number,
    private readonly modelsDir: string,
    private readonly maxPools = 3,
  ) {}

  /** The pool for these options (validated, defaults filled), opening it on first use. */
  pool(input: unknown): { options: ScreenOptions; pool: Promise<ScreenPool> } {
    const options = screenOptions(input);
    const key = JSON.stringify(options);
    let pool = this.pools.get(key);
    if (pool) this.pools.delete(key);
    else {
      pool = createScreenPool(options, this.threads, this.modelsDir);
      // A pool that failed to open (a model that does not exist) is not kept.
      pool.catch(() => this.pools.delete(key));
    }
    this.pools.set(key, pool);
    while (this.pools.size > this.maxPools) {
      const [oldest, evicted] = this.pools.entries().next().value!;
      this.pools.delete(oldest);
      // Requests already on the evicted pool finish: its threads close once their batches are done.
      this.closings.push(this.closeOne(evicted, true));
    }
    return { options, pool };
  }

  /** Pools open now. */
  get size(): number {
    return this.pools.size;
  }

  /**
   * Closes every pool cooperatively (running batches finish, no thread is terminated inside a model
   * run before the grace period) and resolves with how the threads of every pool it opened ended.
   */
  async close(): Promise<readonly ThreadEnd[]> {
    const all = [...this.pools.values()];
    this.pools.clear();
    this.closings.push(...all.map((p) => this.closeOne(p, false)));
    return (await Promise.all(this.closings)).flat();
  }

  private async closeOne(pool: Promise<ScreenPool>, drain: boolean): Promise<readonly ThreadEnd[]> {
    const open = await pool.catch(() => undefined);
    return open ? open.close({ drain }) : [];
  }
}
