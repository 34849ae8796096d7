// How a set of generated molecules compares with real ones, as MOSES (Polykovskiy et al. 2020) and
// GuacaMol (Brown et al. 2019) measure it, computed with Strata's RDKit code. Fingerprints are Morgan
// radius 2, 1,024 bits, as MOSES uses; molecules are compared by RDKit's canonical SMILES.
import { smilesAtomCounts } from '../filters/atom-requirements.js';
import { medchemFilter } from '../filters/medchem.js';
import { painsFilter } from '../filters/pains.js';
import type { SubstructureFilter } from '../filters/substructure-filter.js';
import { morganFingerprint, tanimoto, type Fingerprint } from '../fingerprints/bits.js';
import type { RDKit, RDKitMol } from '../rdkit/rdkit.js';
import { BricsFragmenter } from './brics.js';
import { scaffoldOf } from './scaffolds.js';
import { isStrataError } from '@strata/core';

/** The fingerprint every metric here compares molecules by. */
export const METRIC_FINGERPRINT = { radius: 2, nBits: 1024 } as const;

/** A generated SMILES as RDKit reads it: its canonical SMILES and fingerprint, or null when it is not a molecule. */
export interface ReadMolecule {
  readonly canonical: string;
  readonly fingerprint: Fingerprint;
}

/**
 * Reads SMILES with RDKit: an empty SMILES, one RDKit cannot parse and sanitise, or one past Strata's
 * molecule limits is null, which is what validity counts.
 */
export function readGenerated(rdkit: RDKit, smiles: readonly string[]): (ReadMolecule | null)[] {
  return smiles.map((s) => {
    // RDKit reads an empty SMILES as a molecule of no atoms; MOSES counts it invalid, and so does Strata.
    if (!s.trim()) return null;
    try {
      return rdkit.withMol(s, (mol) => ({
        canonical: mol.get_smiles(),
        fingerprint: morganFingerprint(mol, METRIC_FINGERPRINT),
      }));
    } catch (err) {
      if (isStrataError(err)) return null;
      throw err;
    }
  });
}

/** The fraction of SMILES that are molecules. */
export function validity(read: readonly (ReadMolecule | null)[]): number {
  return read.length ? read.filter(Boolean).length / read.length : 0;
}

/**
 * unique@k: the fraction of distinct canonical SMILES among the first `k` valid molecules (all of them
 * when there are fewer, as MOSES does, which then says so); NaN without valid molecules.
 */
export function uniqueness(valid: readonly ReadMolecule[], k: number): number {
  const first = valid.slice(0, k);
  return first.length ? new Set(first.map((m) => m.canonical)).size / first.length : Number.NaN;
}

/** The fraction of distinct valid molecules that are not in the training set (canonical SMILES). */
export function novelty(valid: readonly ReadMolecule[], training: ReadonlySet<string>): number {
  const unique = new Set(valid.map((m) => m.canonical));
  if (!unique.size) return Number.NaN;
  let novel = 0;
  for (const s of unique) if (!training.has(s)) novel++;
  return novel / unique.size;
}

/**
 * IntDiv_p: one minus the mean over molecules of the p-mean of their Tanimoto similarity to every
 * molecule of the set, themselves included: `1 - mean_i (mean_j T(i, j)^p)^(1/p)`. IntDiv1 (p = 1) and
 * IntDiv2 (p = 2) are MOSES's. Quadratic in the set's size.
 */
export function internalDiversity(fps: readonly Fingerprint[], p: 1 | 2): number {
  const n = fps.length;
  if (!n) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const t = i === j ? 1 : tanimoto(fps[i]!, fps[j]!);
      s += p === 1 ? t : t * t;
    }
    sum += p === 1 ? s / n : Math.sqrt(s / n);
  }
  return 1 - sum / n;
}

/** SNN: the mean over generated molecules of the Tanimoto similarity to their nearest reference molecule. */
export function nearestNeighbourSimilarity(
  generated: readonly Fingerprint[],
  reference: readonly Fingerprint[],
): number {
  if (!generated.length || !reference.length) return Number.NaN;
  let sum = 0;
  for (const g of generated) {
    let best = 0;
    for (const r of reference) {
      const t = tanimoto(g, r);
      if (t > best) best = t;
    }
    sum += best;
  }
  return sum / generated.length;
}

/**
 * Runs `fn` on each SMILES that RDKit reads as a molecule (those {@link readGenerated} counts valid) and
 * returns how many there were. A failure of `fn` itself is thrown, not counted as an invalid SMILES.
 */
function eachMolecule(rdkit: RDKit, smiles: Iterable<string>, fn: (mol: RDKitMol) => void): number {
  let valid = 0;
  for (const s of smiles) {
    if (!s.trim()) continue;
    let read = false;
    try {
      rdkit.withMol(s, (mol) => {
        read = true;
        fn(mol);
      });
    } catch (err) {
      if (read || !isStrataError(err)) throw err;
    }
    if (read) valid++;
  }
  return valid;
}

/**
 * How many times each BRICS fragment occurs over a set of molecules (see {@link BricsFragmenter}), what
 * MOSES's Frag metric compares. SMILES that are no molecule are left out.
 *
 * @example
 * ```ts
 * fragmentCounts(rdkit, ['CCOC(=O)c1ccccc1', 'c1ccccc1OC']); // Map { '[16*]c1ccccc1' => 2, '[3*]O[3*]' => 1, ... }
 * ```
 */
export function fragmentCounts(rdkit: RDKit, smiles: Iterable<string>): Map<string, number> {
  const brics = new BricsFragmenter(rdkit);
  const counts = new Map<string, number>();
  try {
    eachMolecule(rdkit, smiles, (mol) => {
      for (const [f, n] of brics.fragments(mol)) counts.set(f, (counts.get(f) ?? 0) + n);
    });
  } finally {
    brics.dispose();
  }
  return counts;
}

/** Options of {@link scaffoldCounts}. */
export interface ScaffoldCountOptions {
  /** Scaffolds with fewer rings are not counted (MOSES's `min_rings`). @defaultValue `2` */
  readonly minRings?: number;
}

/**
 * How many times each Bemis–Murcko scaffold (see {@link murckoScaffold}) occurs over a set of molecules,
 * what MOSES's Scaf metric compares. As in MOSES, molecules without rings and, by default, scaffolds of
 * one ring (a lone benzene) are not counted; SMILES that are no molecule are left out.
 */
export function scaffoldCounts(
  rdkit: RDKit,
  smiles: Iterable<string>,
  options: ScaffoldCountOptions = {},
): Map<string, number> {
  const minRings = options.minRings ?? 2;
  const counts = new Map<string, number>();
  eachMolecule(rdkit, smiles, (mol) => {
    const { smiles: scaffold, rings } = scaffoldOf(rdkit, mol);
    if (scaffold && rings >= minRings) counts.set(scaffold, (counts.get(scaffold) ?? 0) + 1);
  });
  return counts;
}

/** The cosine similarity of two count vectors over the union of their keys; NaN when either is empty. */
function cosineSimilarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  if (!a.size || !b.size) return Number.NaN;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (const [key, n] of a) {
    dot += n * (b.get(key) ?? 0);
    aa += n * n;
  }
  for (const n of b.values()) bb += n * n;
  return dot / Math.sqrt(aa * bb);
}

/**
 * Frag: the cosine similarity of the BRICS fragment counts ({@link fragmentCounts}) of the generated
 * and the reference set, MOSES's FragMetric. NaN when either set has no fragment.
 *
 * @example
 * ```ts
 * const reference = fragmentCounts(rdkit, test); // once per reference set
 * fragmentSimilarity(fragmentCounts(rdkit, valid.map((m) => m.canonical)), reference);
 * ```
 */
export function fragmentSimilarity(
  generated: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
): number {
  return cosineSimilarity(generated, reference);
}

/**
 * Scaf: the cosine similarity of the scaffold counts ({@link scaffoldCounts}) of the generated and the
 * reference set, MOSES's ScafMetric. NaN when either set has no scaffold counted.
 */
export function scaffoldSimilarity(
  generated: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
): number {
  return cosineSimilarity(generated, reference);
}

/**
 * The fraction of the molecules among `smiles` that match no PAINS filter ({@link painsFilter}) and no
 * medicinal-chemistry exclusion ({@link medchemFilter}); SMILES that are no molecule are left out, and
 * NaN is the answer when none is one. MOSES's Filters also refuses charges, rings of 8 atoms or more
 * and elements beyond C, N, O, S, F, Cl, Br and H, and uses its own MCF list for the exclusions.
 *
 * @example
 * ```ts
 * filterPassRate(rdkit, ['CCO', 'CC(=O)Cl', 'not a molecule']); // 0.5
 * ```
 */
export function filterPassRate(rdkit: RDKit, smiles: Iterable<string>): number {
  const pains = painsFilter(rdkit);
  let medchem: SubstructureFilter | undefined;
  try {
    medchem = medchemFilter(rdkit);
    const filters = [pains, medchem];
    let passed = 0;
    const valid = eachMolecule(rdkit, smiles, (mol) => {
      const have = smilesAtomCounts(mol.get_smiles());
      if (filters.every((f) => !f.matches(mol, have).length)) passed++;
    });
    return valid ? passed / valid : Number.NaN;
  } finally {
    pains.dispose();
    medchem?.dispose();
  }
}
