import { openWorkerPool, threadModuleUrl, type ThreadEnd } from '@strata/core/node';
import { DrugError } from '../errors.js';
import type * as DesignThread from './design-thread.js';
import type { BreedRequest, BreedResult, DesignThreadInit } from './design-thread.js';
import type { ScoredMolecule } from './objective/objective-scorer.js';

const DESIGN_THREAD = threadModuleUrl(import.meta.url, './design-thread.js');

/** Makes and scores molecules for a design run: on worker threads (one RDKit each), or on this thread with zero workers. */
export interface DesignPool {
  readonly rdkitVersion: string;
  /** Chunks it works on at once. */
  readonly concurrency: number;
  /** Scores molecules (null for one RDKit cannot read). */
  score(smiles: readonly string[], options?: { signal?: AbortSignal }): Promise<(ScoredMolecule | null)[]>;
  /** Makes and scores one child per parent pair of a chunk. */
  breed(request: BreedRequest, options?: { signal?: AbortSignal }): Promise<BreedResult>;
  close(): Promise<readonly ThreadEnd[]>;
}

/**
 * A pool of `workers` design threads (see design-thread.ts), chunks taken first come first served; with
 * `workers: 0` the work runs on the calling thread. A failure keeps the class and code it was thrown with.
 */
export async function createDesignPool(init: DesignThreadInit, workers: number): Promise<DesignPool> {
  if (workers === 0) {
    const local = await import('./design-thread.js');
    const { rdkit } = await local.setup(init, {} as never);
    const ctx = (signal?: AbortSignal) => ({ signal: signal ?? new AbortController().signal }) as never;
    return {
      rdkitVersion: rdkit,
      concurrency: 1,
      score: (smiles, o = {}) => local.score(smiles, ctx(o.signal)),
      breed: (request, o = {}) => local.breed(request, ctx(o.signal)),
      close: async () => (await local.teardown(), []),
    };
  }
  const { pool, ready } = await openWorkerPool<typeof DesignThread>({
    module: DESIGN_THREAD,
    name: 'design',
    threads: workers,
    init,
    errors: [DrugError],
  });
  const signalOf = (o: { signal?: AbortSignal }) => (o.signal ? { signal: o.signal } : {});
  return {
    rdkitVersion: ready.rdkit,
    concurrency: workers,
    score: (smiles, o = {}) => pool.run('score', smiles, signalOf(o)),
    breed: (request, o = {}) => pool.run('breed', request, signalOf(o)),
    close: () => pool.close(),
  };
}
