import {
  openWorkerPool,
  threadModuleUrl,
  type CloseOptions,
  type PoolStats,
  type ThreadEnd,
} from '@strata/core/node';
import { DrugError } from '../errors.js';
import type { MoleculeRecord } from '../readers/record.js';
import { BatchScreener } from './screen-batch.js';
import type * as ScreenThread from './screen-thread.js';
import type { ScreenColumn, ScreenRow } from './screener.js';

const SCREEN_THREAD = threadModuleUrl(import.meta.url, './screen-thread.js');

/** Screens batches of records: on worker threads (one RDKit each), or on this thread with zero workers. */
export interface ScreenPool {
  readonly rdkitVersion: string;
  /** The columns of the rows it makes, in order, with their types. */
  readonly columns: readonly ScreenColumn[];
  /** Number of batches it screens at once. */
  readonly concurrency: number;
  /** Screens a batch; on the signal a waiting batch is dropped and a running one stops between molecules. */
  screen(records: readonly MoleculeRecord[], options?: { signal?: AbortSignal }): Promise<ScreenRow[]>;
  /**
   * Draws a molecule as SVG on a thread of the pool (null when RDKit cannot parse it): a large molecule
   * takes RDKit up to a second to lay out, which the calling thread, a server's event loop, must not wait
   * through.
   */
  depict(
    smiles: string,
    size: { width: number; height: number },
    options?: { signal?: AbortSignal },
  ): Promise<string | null>;
  /** Its threads, busy and idle, and the batches waiting (`undefined` with zero workers). */
  stats(): PoolStats | undefined;
  /**
   * Closes cooperatively: running batches are asked to stop and waited for (a thread inside an ONNX
   * `run()` is never terminated before the pool's grace period runs out), then each thread tears down.
   * Resolves with how each thread ended (none with zero workers). `drain` lets waiting batches run first.
   */
  close(options?: CloseOptions): Promise<readonly ThreadEnd[]>;
}

/**
 * A pool of `workers` screening threads, each with its own RDKit instance and screener, batches taken
 * first come first served by the next free thread, busy threads drawing on the process's thread budget
 * (see `ThreadBudget` in `@strata/core/node`). A failure keeps the class and code it was thrown with.
 * With `workers: 0` batches are screened on the calling thread.
 */
export async function createScreenPool(
  options: unknown,
  workers: number,
  modelsDir?: string,
): Promise<ScreenPool> {
  if (workers === 0) {
    const local = await BatchScreener.create(options, modelsDir);
    return {
      rdkitVersion: local.rdkitVersion,
      columns: local.columns,
      concurrency: 1,
      screen: (records, o) => local.screen(records, o),
      depict: (smiles, { width, height }) => local.depict(smiles, width, height),
      stats: () => undefined,
      close: async () => (await local.dispose(), []),
    };
  }
  const { pool, ready } = await openWorkerPool<typeof ScreenThread>({
    module: SCREEN_THREAD,
    name: 'screening',
    threads: workers,
    init: { options, modelsDir },
    errors: [DrugError],
  });
  return {
    rdkitVersion: ready.rdkit,
    columns: ready.columns,
    concurrency: workers,
    screen: (records, o = {}) => pool.run('screen', records, o.signal ? { signal: o.signal } : {}),
    depict: (smiles, size, o = {}) =>
      pool.run('depict', { smiles, ...size }, o.signal ? { signal: o.signal } : {}),
    stats: () => pool.stats(),
    close: (o) => pool.close(o),
  };
}
