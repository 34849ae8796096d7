import { InvalidArgumentError, isStrataError } from '@strata/core';
import type { RDKit, ScreenOptions } from '@strata/drug';

/**
 * Reads a screen's query molecules and alert SMARTS with RDKit before its job is queued: one RDKit
 * cannot read is a 400 naming its field as every validation error does, a dotted path
 * (`body.options.queries.0.smiles`), not a job that fails seconds later on its first batch.
 */
export async function checkOptionMolecules(
  rdkit: RDKit,
  options: ScreenOptions,
  field: string,
): Promise<void> {
  await rdkit.use((r) => {
    options.queries.forEach((q, i) => {
      if (r.withMol(q.smiles, () => true) === null)
        throw new InvalidArgumentError(
          `${field}.queries.${i}.smiles`,
          `RDKit cannot parse the query molecule "${q.smiles}" (${q.id})`,
        );
    });
    options.alerts.forEach((a, i) => {
      try {
        r.compileQuery(a.smarts).delete();
      } catch (err) {
        if (!isStrataError(err, 'INVALID_SMARTS')) throw err;
        throw new InvalidArgumentError(
          `${field}.alerts.${i}.smarts`,
          `RDKit cannot compile the SMARTS "${a.smarts}" of alert "${a.name}"`,
        );
      }
    });
  });
}
