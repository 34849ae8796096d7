import { DESCRIPTOR_NAMES, descriptorsOf, type Descriptors } from '../descriptors/descriptors.js';
import { morganFingerprint } from '../fingerprints/bits.js';
import type { RDKitMol } from '../rdkit/rdkit.js';

/** Feature sets the property models take, by name (recorded in each model's manifest). */
export const FEATURE_SETS = {
  /** RDKit's 43 descriptors, then Morgan radius-2 bits folded to 1024 (as 0/1). */
  'rdkit43-morgan2x1024': { descriptors: DESCRIPTOR_NAMES, morgan: { radius: 2, nBits: 1024 } },
} as const;

/** The name of a feature set. */
export type FeatureSetName = keyof typeof FEATURE_SETS;

/** Length of a feature set's vectors. */
export function featureLength(name: FeatureSetName): number {
  const set = FEATURE_SETS[name];
  return set.descriptors.length + set.morgan.nBits;
}

/**
 * A molecule's feature vector for the property models: the same code computes it for training (the
 * scripts in models/) and for serving, so what a model learnt is what it is given.
 */
export function featureVector(
  mol: RDKitMol,
  name: FeatureSetName,
  descriptors: Descriptors = descriptorsOf(mol),
  out = new Float32Array(featureLength(name)),
): Float32Array {
  const set = FEATURE_SETS[name];
  set.descriptors.forEach((d, i) => (out[i] = descriptors[d]));
  const fp = morganFingerprint(mol, set.morgan);
  const offset = set.descriptors.length;
  for (let b = 0; b < set.morgan.nBits; b++) out[offset + b] = (fp[b >>> 5]! >>> (b & 31)) & 1;
  return out;
}
