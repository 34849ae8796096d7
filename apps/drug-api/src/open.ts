import { join } from 'node:path';
import { silentLogger, type Logger } from '@strata/core';
import { RDKit } from '@strata/drug';
import { Generators } from './generators.js';
import { loadLibrary, type MoleculeLibrary } from './libraries.js';
import { propertyModelChoices } from './property-models.js';
import { ScorePools } from './score-pools.js';
import type { DrugResources } from './routes.js';

/** The libraries bundled in `datasets/`, by id. */
export const BUNDLED_LIBRARIES: Readonly<Record<string, string>> = { 'nci-5k': 'nci-first-5k.smi' };

/**
 * Opens what the drug API works with: RDKit on this thread (depictions, query fingerprints), the
 * scoring threads, and the bundled libraries fingerprinted. `close` releases them.
 */
export async function openDrugResources(options: {
  threads: number;
  modelsDir: string;
  datasetsDir: string;
  logger?: Logger;
}): Promise<DrugResources & { close(): Promise<void> }> {
  const logger = options.logger ?? silentLogger;
  const rdkit = await RDKit.load();
  const libraries = new Map<string, MoleculeLibrary>();
  for (const [id, file] of Object.entries(BUNDLED_LIBRARIES)) {
    const library = await loadLibrary(rdkit, id, join(options.datasetsDir, file));
    libraries.set(id, library);
    logger.info(
      { library: id, molecules: library.records, unparsed: library.unparsed },
      'molecule library loaded',
    );
  }
  const pools = new ScorePools(Math.max(1, Math.min(2, options.threads)), options.modelsDir);
  const generators = await Generators.open(options.modelsDir);
  return {
    rdkit,
    pools,
    libraries,
    propertyModels: await propertyModelChoices(options.modelsDir),
    generators,
    async close() {
      await Promise.all([pools.close(), generators.close()]);
    },
  };
}
