import type { RDKitMol } from '../rdkit/rdkit.js';

/**
 * The 43 descriptors RDKit computes in one call, under RDKit's own names (those of its C++ descriptor
 * registry, which RDKit-js reports): `amw` is Python's `MolWt`, `CrippenClogP` is `MolLogP`, `tpsa` is
 * `TPSA`, `NumHBD` and `NumHBA` are `NumHDonors` and `NumHAcceptors`, `lipinskiHBD` and `lipinskiHBA` are
 * `NHOHCount` and `NOCount` (the counts of Lipinski's rule of five). `DESCRIPTOR_LABELS` names each for people.
 */
export const DESCRIPTOR_NAMES = [
  'exactmw',
  'amw',
  'lipinskiHBA',
  'lipinskiHBD',
  'NumRotatableBonds',
  'NumHBD',
  'NumHBA',
  'NumHeavyAtoms',
  'NumAtoms',
  'NumHeteroatoms',
  'NumAmideBonds',
  'FractionCSP3',
  'NumRings',
  'NumAromaticRings',
  'NumAliphaticRings',
  'NumSaturatedRings',
  'NumHeterocycles',
  'NumAromaticHeterocycles',
  'NumSaturatedHeterocycles',
  'NumAliphaticHeterocycles',
  'NumSpiroAtoms',
  'NumBridgeheadAtoms',
  'NumAtomStereoCenters',
  'NumUnspecifiedAtomStereoCenters',
  'labuteASA',
  'tpsa',
  'CrippenClogP',
  'CrippenMR',
  'chi0v',
  'chi1v',
  'chi2v',
  'chi3v',
  'chi4v',
  'chi0n',
  'chi1n',
  'chi2n',
  'chi3n',
  'chi4n',
  'hallKierAlpha',
  'kappa1',
  'kappa2',
  'kappa3',
  'Phi',
] as const;

/** One of RDKit's descriptor names. */
export type DescriptorName = (typeof DESCRIPTOR_NAMES)[number];

/** A molecule's descriptors by RDKit name. */
export type Descriptors = Readonly<Record<DescriptorName, number>>;

/**
 * All 43 RDKit descriptors of a molecule in one call (about a millisecond: the dominant cost of
 * screening, so compute them once and pick what you need).
 *
 * @example
 * ```ts
 * const d = rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', descriptorsOf)!;
 * d.amw; // 180.159
 * ```
 */
export function descriptorsOf(mol: RDKitMol): Descriptors {
  return JSON.parse(mol.get_descriptors()) as Descriptors;
}
