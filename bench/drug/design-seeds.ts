// Seeds of the design benchmarks: molecules (NCI's, or the bundled generator's samples) standardised to
// their parents (salts stripped, the largest fragment, neutralised) as GuacaMol standardises ChEMBL, and
// for a rediscovery only those that are not like any target.
import { morganFingerprint, RDKit, Standardiser, tanimoto, type Fingerprint } from '@strata/drug';

/** GuacaMol's hold-out rule: nothing with ECFP4 (Morgan r2, 2048 bits) Tanimoto above this to a target. */
export const HOLD_OUT_SIMILARITY = 0.323;

/** Seeds and what was left out of the NCI lines they came from. */
export interface Seeds {
  readonly seeds: string[];
  /** Molecules read. */
  readonly read: number;
  /** Lines RDKit could not read or standardise. */
  readonly unreadable: number;
  /** Parents still in several pieces (a molecule that is all salt): the Graph GA breeds single molecules. */
  readonly fragmented: number;
  /** Parents seen before (another salt of the same molecule). */
  readonly duplicates: number;
  /** Parents too like a target (rediscovery seeds only). */
  readonly tooLikeTarget: number;
}

/**
 * The standardised parents of `molecules`, in order, each once; with `targets`, only those at most
 * {@link HOLD_OUT_SIMILARITY} like every target (ECFP4 bits, as GuacaMol filters).
 *
 * @example
 * ```ts
 * const { seeds } = await parentSeeds(nciSmiles().slice(0, 1_000));
 * ```
 */
export async function parentSeeds(
  molecules: readonly string[],
  o: { targets?: readonly string[] } = {},
): Promise<Seeds> {
  const rdkit = await RDKit.load();
  const standardiser = new Standardiser(rdkit);
  const ecfp4 = (smiles: string): Fingerprint | null =>
    rdkit.withMol(smiles, (mol) => morganFingerprint(mol, { radius: 2, nBits: 2048 }));
  const targets = (o.targets ?? []).map((t) => ecfp4(t)!);
  const counts = { unreadable: 0, fragmented: 0, duplicates: 0, tooLikeTarget: 0 };
  const seen = new Set<string>();
  try {
    for (const smiles of molecules) {
      let parent: string | null = null;
      try {
        parent = rdkit.withMol(smiles, (mol) => standardiser.standardise(mol).smiles);
      } catch {
        // A molecule the standardiser refuses is as unreadable to the optimiser: counted below.
      }
      const fp = parent === null ? null : ecfp4(parent);
      if (parent === null || !fp) counts.unreadable++;
      else if (parent.includes('.')) counts.fragmented++;
      else if (seen.has(parent)) counts.duplicates++;
      else if (targets.some((t) => tanimoto(t, fp) > HOLD_OUT_SIMILARITY)) counts.tooLikeTarget++;
      else seen.add(parent);
    }
  } finally {
    standardiser.dispose();
  }
  return { seeds: [...seen], read: molecules.length, ...counts };
}
