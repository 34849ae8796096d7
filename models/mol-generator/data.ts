// The molecules the bundled generator (mol-generator) learns from: every real molecule reachable offline
// (../shared/datasets/drug/: NCI, Tox21, ESOL; rdkit-data.smi beside this file: RDKit's example sets),
// standardised by @strata/drug's own Standardiser and de-duplicated, as MOSES prepared its data: parents
// only, drug-sized, organic elements, no PAINS alerts and none of the medicinal-chemistry exclusions
// (NIBR's), as MOSES removed its MCF and PAINS matches, so that the filter pass rate of the samples means
// what it means in MOSES. Molecules like the rediscovery targets are held out,
// as GuacaMol holds out its targets, so that rediscovering them means something.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  medchemFilter,
  morganFingerprint,
  painsFilter,
  type SubstructureFilter,
  RDKit,
  Standardiser,
  tanimoto,
  type Fingerprint,
  type RDKitMol,
} from '@strata/drug';
import { openMolecules } from '@strata/drug/node';
import { isStrataError } from '@strata/core';

/** Targets of the goal-directed benchmarks (GuacaMol's rediscovery set): they and their near neighbours never train. */
export const HELD_OUT_TARGETS: Readonly<Record<string, string>> = {
  celecoxib: 'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1',
  troglitazone: 'Cc1c(C)c2c(c(C)c1O)CCC(C)(COc1ccc(CC3SC(=O)NC3=O)cc1)O2',
  thiothixene: 'CN(C)S(=O)(=O)c1ccc2c(c1)C(=CCCN1CCN(C)CC1)c1ccccc1S2',
};

/** GuacaMol's threshold: a molecule with ECFP4 Tanimoto above it to a held-out target is removed. */
export const TARGET_SIMILARITY_CUTOFF = 0.323;

/** Heavy atoms of a training molecule at most. */
export const MAX_HEAVY_ATOMS = 50;

/**
 * The lightest training molecule in Da (RDKit's average molecular weight, Python's MolWt): the lower
 * bound of MOSES's lead-like range (250-350 Da), whose upper bound would leave too few molecules here.
 * Solvents and reagents below it (Tox21's and ESOL's diethylaminoethanol, dichlorobenzene) are no seeds
 * for design, and a language model repeats them: the model trained with them (8 heavy atoms up) drew
 * 96.6% distinct molecules in 10,000, but 99.9% among its samples of 250 Da or more.
 */
export const MIN_MOLECULAR_WEIGHT = 250;

/** Elements a training molecule may hold, by atomic number: H, B, C, N, O, F, P, S, Cl, Br, I. */
const ELEMENTS = new Set([1, 5, 6, 7, 8, 9, 15, 16, 17, 35, 53]);

export type Split = 'train' | 'valid' | 'test';

/** One training molecule: its canonical SMILES (no stereochemistry), where it came from, and its split. */
export interface CorpusMolecule {
  readonly smiles: string;
  readonly source: string;
  readonly split: Split;
}

/** Why molecules were left out, by reason, for the model card. */
export type Dropped = Record<string, number>;

const shared = (name: string) =>
  fileURLToPath(new URL(`../../../shared/datasets/drug/${name}`, import.meta.url));
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Every raw molecule with its source name. */
async function* rawMolecules(): AsyncGenerator<{ molecule: string; source: string }> {
  for await (const r of openMolecules(shared('nci-first-5k.smi')))
    yield { molecule: r.molecule, source: 'nci' };
  for await (const r of openMolecules(shared('tox21.csv'))) yield { molecule: r.molecule, source: 'tox21' };
  for await (const r of openMolecules(shared('esol-delaney.csv')))
    yield { molecule: r.molecule, source: 'esol' };
  const rows = readFileSync(here('rdkit-data.smi'), 'utf8').trim().split('\n').slice(1);
  for (const row of rows) {
    const [molecule, , source] = row.split('\t');
    yield { molecule: molecule!, source: `rdkit-data/${source}` };
  }
}

/** The split of a molecule from a hash of its SMILES (FNV-1a): stable whatever the order or the other molecules. */
export function splitOf(smiles: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < smiles.length; i++) h = Math.imul(h ^ smiles.charCodeAt(i), 0x01000193) >>> 0;
  const u = h % 100;
  return u < 80 ? 'train' : u < 90 ? 'valid' : 'test';
}

/** Why one standardised parent may not train, or null when it may. */
function rejection(
  mol: RDKitMol,
  filters: { pains: SubstructureFilter; medchem: SubstructureFilter },
  targets: Fingerprint[],
): string | null {
  const info = JSON.parse(mol.get_json()) as {
    molecules: { atoms: { z?: number; chg?: number; isotope?: number; nRad?: number }[] }[];
  };
  const atoms = info.molecules[0]!.atoms;
  const heavy = atoms.filter((a) => (a.z ?? 6) !== 1).length;
  if (heavy > MAX_HEAVY_ATOMS) return `more than ${MAX_HEAVY_ATOMS} heavy atoms`;
  // Charge-separated groups such as nitro stay; a parent left with a net charge (a quaternary cation) does not.
  if (atoms.reduce((q, a) => q + (a.chg ?? 0), 0) !== 0) return 'charged parent';
  if (atoms.some((a) => a.isotope)) return 'isotope label';
  if (atoms.some((a) => a.nRad)) return 'radical';
  if (atoms.some((a) => !ELEMENTS.has(a.z ?? 6))) return 'element outside the organic set';
  const { amw } = JSON.parse(mol.get_descriptors()) as { amw: number };
  if (amw < MIN_MOLECULAR_WEIGHT) return `lighter than ${MIN_MOLECULAR_WEIGHT} Da`;
  if (filters.pains.matches(mol).length) return 'PAINS alert';
  if (filters.medchem.matches(mol).length) return 'medicinal-chemistry exclusion (NIBR)';
  const fp = morganFingerprint(mol, { radius: 2, nBits: 2048 });
  if (targets.some((t) => tanimoto(fp, t) > TARGET_SIMILARITY_CUTOFF)) return 'like a held-out target';
  return null;
}

/**
 * The training corpus: unique standardised parents (canonical SMILES without stereochemistry) that pass
 * the filters, each with its split (80/10/10 by hash), and the count of molecules dropped by reason.
 */
export async function corpus(): Promise<{ molecules: CorpusMolecule[]; dropped: Dropped }> {
  const rdkit = await RDKit.load();
  const std = new Standardiser(rdkit);
  const filters = { pains: painsFilter(rdkit), medchem: medchemFilter(rdkit) };
  const targets = Object.values(HELD_OUT_TARGETS).map((s) =>
    rdkit.withMol(s, (m) => morganFingerprint(m, { radius: 2, nBits: 2048 }))!,
  );
  const seen = new Set<string>();
  const molecules: CorpusMolecule[] = [];
  const dropped: Dropped = {};
  const drop = (why: string) => (dropped[why] = (dropped[why] ?? 0) + 1);
  for await (const { molecule, source } of rawMolecules()) {
    let out: { smiles: string; why: string | null } | null = null;
    try {
      out = rdkit.withMol(molecule, (mol) =>
        std.withParent(mol, (parent) => {
          const smiles = parent.get_smiles(JSON.stringify({ doIsomericSmiles: false }));
          return { smiles, why: seen.has(smiles) ? 'duplicate' : rejection(parent, filters, targets) };
        }),
      );
    } catch (err) {
      if (!isStrataError(err)) throw err;
    }
    if (!out) {
      drop('not read by RDKit');
      continue;
    }
    if (out.why) {
      drop(out.why);
      continue;
    }
    seen.add(out.smiles);
    molecules.push({ smiles: out.smiles, source, split: splitOf(out.smiles) });
  }
  filters.pains.dispose();
  filters.medchem.dispose();
  std.dispose();
  return { molecules, dropped };
}
