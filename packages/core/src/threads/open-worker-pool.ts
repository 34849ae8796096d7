import type { WorkerPoolOptions } from './pool-options.js';
import type { SetupInfo } from './thread-protocol.js';
import { WorkerPool } from './worker-pool.js';

/**
 * Starts a pool and waits until its threads are set up; a setup that fails closes the pool, so that no
 * thread is left running, and throws its error.
 *
 * @example
 * ```ts
 * const { pool, ready } = await openWorkerPool<typeof MyThread>({ module: MY_THREAD, name: 'mine', init });
 * ```
 */
export async function openWorkerPool<M>(
  options: WorkerPoolOptions<M>,
): Promise<{ pool: WorkerPool<M>; ready: SetupInfo<M> }> {
  const pool = WorkerPool.start<M>(options);
  try {
    return { pool, ready: await pool.ready };
  } catch (err) {
    await pool.close();
    throw err;
  }
}
