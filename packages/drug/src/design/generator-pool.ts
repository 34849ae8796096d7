import { openWorkerPool, threadModuleUrl } from '@strata/core/node';
import { DrugError } from '../errors.js';
import type { GeneratedMolecule, MoleculeSampleOptions } from './generate-molecules.js';
import type * as GeneratorThread from './generator-thread.js';

const GENERATOR_THREAD = threadModuleUrl(import.meta.url, './generator-thread.js');

/** A generative model on its own threads: sampling never blocks the thread that asks (a server's event loop). */
export interface GeneratorPool {
  readonly rdkitVersion: string;
  sample(
    options: Omit<MoleculeSampleOptions, 'signal'>,
    o?: { signal?: AbortSignal },
  ): Promise<GeneratedMolecule[]>;
  close(): Promise<unknown>;
}

/**
 * Opens a generator model (`<modelsDir>/<model>/model.json`) on `threads` worker threads. Rejects with
 * the model registry's error when the model is missing or is no SMILES generator.
 *
 * @example
 * ```ts
 * const pool = await createGeneratorPool({ modelsDir, model: 'mol-generator' });
 * const molecules = await pool.sample({ count: 100, seed: 1 });
 * await pool.close();
 * ```
 */
export async function createGeneratorPool(
  init: { modelsDir: string; model: string },
  threads = 1,
): Promise<GeneratorPool> {
  const { pool, ready } = await openWorkerPool<typeof GeneratorThread>({
    module: GENERATOR_THREAD,
    name: 'generator',
    threads,
    init,
    errors: [DrugError],
  });
  return {
    rdkitVersion: ready.rdkit,
    sample: (options, o = {}) => pool.run('sample', options, o.signal ? { signal: o.signal } : {}),
    close: () => pool.close(),
  };
}
