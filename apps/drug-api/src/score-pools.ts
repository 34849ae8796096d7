import { screenOptions, type ScreenOptions } from '@strata/drug';
import { createScreenPool, type ScreenPool } from '@strata/drug/node';

/**
 * Screening threads for synchronous scoring, one small pool per set of options (a pool's threads
 * compile its filters and load its models once), the least recently used closed when more than
 * `maxPools` are open. Requests with the usual options share one warm pool.
 */
export class ScorePools {
  private readonly pools = new Map<string, Promise<ScreenPool>>();

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
      void evicted.then(
        (p) => p.close(),
        () => undefined,
      );
    }
    return { options, pool };
  }

  /** Pools open now. */
  get size(): number {
    return this.pools.size;
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(
      all.map((p) =>
        p.then(
          (x) => x.close(),
          () => undefined,
        ),
      ),
    );
  }
}
