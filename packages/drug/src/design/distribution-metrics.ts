// How a set of generated molecules compares with real ones, as MOSES (Polykovskiy et al. 2020) and
// GuacaMol (Brown et al. 2019) measure it, computed with Strata's RDKit code. Fingerprints are Morgan
// radius 2, 1,024 bits, as MOSES uses; molecules are compared by RDKit's canonical SMILES.
import { morganFingerprint, tanimoto, type Fingerprint } from '../fingerprints/bits.js';
import type { RDKit } from '../rdkit/rdkit.js';
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
