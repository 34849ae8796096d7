import type { RDKit } from '../rdkit/rdkit.js';
import { NIBR_FILTERS } from './nibr-filters.js';
import { SubstructureFilter } from './substructure-filter.js';

/**
 * The medicinal-chemistry exclusion filters: the 260 patterns the NIBR substructure filters of 2019
 * (Schuffenhauer et al., J. Med. Chem. 2020) mark "exclude" (reactive, unstable, toxic or assay-interfering
 * groups a chemist would not put in a screening deck), each with its minimum count. A molecule's matches
 * are the names RDKit's `assignSubstructureFilters.py` reports.
 *
 * @example
 * ```ts
 * const medchem = medchemFilter(rdkit);
 * rdkit.withMol('CC(=O)Cl', (mol) => medchem.matches(mol)); // ['carboxyclic_acid_halides']
 * medchem.dispose();
 * ```
 */
export function medchemFilter(rdkit: RDKit): SubstructureFilter {
  return new SubstructureFilter(
    rdkit,
    NIBR_FILTERS.filter((f) => f[3] === 'exclude').map(([name, smarts, minCount]) => ({
      name,
      smarts,
      minCount,
    })),
  );
}
