// Seeds of the design benchmarks: molecules (NCI's, or those the bundled generator was trained on)
// standardised to their parents (salts stripped, the largest fragment, neutralised) as GuacaMol
// standardises ChEMBL, and for a rediscovery only those that are not like any target.
import { readFileSync } from 'node:fs';
import { morganFingerprint, RDKit, Standardiser, tanimoto, type Fingerprint } from '@strata/drug';
import { openMolecules } from '@strata/drug/node';
import { sharedDrugFile } from '@strata/drug/testing';
import { MODELS } from './screen-rate.js';

/** GuacaMol's hold-out rule: nothing with ECFP4 (Morgan r2, 2048 bits) Tanimoto above this to a target. */
export const HOLD_OUT_SIMILARITY = 0.323;

/**
 * Every molecule mol-generator's corpus is made from (models/mol-generator/data.ts: the shared NCI,
 * Tox21 and ESOL sets and RDKit's example sets), as read: GuacaMol's Graph GA starts from its training
 * set, ChEMBL. The corpus's own filters and split are left to the seeds' scores.
 */
export async function generatorCorpus(): Promise<string[]> {
  const out: string[] = [];
  for (const name of ['nci-first-5k.smi', 'tox21.csv', 'esol-delaney.csv'])
    for await (const r of openMolecules(sharedDrugFile(name))) out.push(r.molecule);
  const rdkitData = readFileSync(`${MODELS}mol-generator/rdkit-data.smi`, 'utf8').trim().split('\n');
  return [...out, ...rdkitData.slice(1).map((row) => row.split('\t')[0]!)];
}

/** Seeds and what was left out of the molecules they came from. */
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

/** A table row of where seeds came from and what was left out. */
export const seedRow = (what: string, s: Seeds): Record<string, string | number> => ({
  seeds: what,
  read: s.read,
  kept: s.seeds.length,
  unreadable: s.unreadable,
  'still several pieces': s.fragmented,
  duplicates: s.duplicates,
  'too like a target': s.tooLikeTarget,
});
