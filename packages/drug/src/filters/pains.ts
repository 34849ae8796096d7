import type { RDKit } from '../rdkit/rdkit.js';
import { PAINS_WEHI } from './pains-wehi.js';
import { SubstructureFilter } from './substructure-filter.js';

/**
 * The 480 PAINS filters (Baell & Holloway 2010, RDKit's wehi_pains set): a molecule's matches are the
 * names Python's `FilterCatalog(PAINS)` reports, e.g. `ene_rhod_A(235)`.
 *
 * @example
 * ```ts
 * const pains = painsFilter(rdkit);
 * rdkit.withMol(smiles, (mol) => pains.matches(mol));
 * ```
 */
export function painsFilter(rdkit: RDKit): SubstructureFilter {
  return new SubstructureFilter(
    rdkit,
    PAINS_WEHI.map(([name, smarts]) => ({ name, smarts })),
  );
}
