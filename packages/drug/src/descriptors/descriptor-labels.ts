import type { DescriptorName } from './descriptors.js';

/** How a value is shown to people: a readable label, its units, and what exactly it is. */
export interface ColumnLabel {
  readonly label: string;
  /** @defaultValue none: a count, a score or a ratio */
  readonly units?: string;
  /** What exactly it counts or measures, and its name in Python's RDKit where that differs. */
  readonly description?: string;
}

/**
 * Each RDKit descriptor's label, units and definition. RDKit has two pairs of H-bond counts, and the
 * labels keep them apart: `NumHBA`/`NumHBD` are the acceptors and donors of RDKit's SMARTS definitions
 * (Python's `Lipinski.NumHAcceptors`/`NumHDonors`, `rdMolDescriptors.CalcNumHBA`/`CalcNumHBD`), while
 * `lipinskiHBA`/`lipinskiHBD` are the counts of Lipinski's rule of five, N + O atoms and H atoms on N
 * and O (Python's `Lipinski.NOCount`/`NHOHCount`, `CalcNumLipinskiHBA`/`CalcNumLipinskiHBD`): aspirin
 * has 3 acceptors and an N + O count of 4.
 */
export const DESCRIPTOR_LABELS: Readonly<Record<DescriptorName, ColumnLabel>> = {
  exactmw: { label: 'Exact mass', units: 'Da', description: 'Monoisotopic mass (Python: ExactMolWt).' },
  amw: {
    label: 'Molecular weight',
    units: 'g/mol',
    description: 'Average molecular weight (Python: MolWt).',
  },
  lipinskiHBA: {
    label: 'N + O count',
    description:
      'Nitrogen and oxygen atoms: the acceptor count of Lipinski’s rule of five (Python: Lipinski.NOCount, CalcNumLipinskiHBA). Not the H-bond acceptors (NumHBA).',
  },
  lipinskiHBD: {
    label: 'NH + OH count',
    description:
      'Hydrogens on nitrogen and oxygen atoms: the donor count of Lipinski’s rule of five (Python: Lipinski.NHOHCount, CalcNumLipinskiHBD). Not the H-bond donors (NumHBD).',
  },
  NumRotatableBonds: { label: 'Rotatable bonds' },
  NumHBD: {
    label: 'H-bond donors',
    description: 'H-bond donors by RDKit’s SMARTS definition (Python: Lipinski.NumHDonors, CalcNumHBD).',
  },
  NumHBA: {
    label: 'H-bond acceptors',
    description:
      'H-bond acceptors by RDKit’s SMARTS definition (Python: Lipinski.NumHAcceptors, CalcNumHBA).',
  },
  NumHeavyAtoms: { label: 'Heavy atoms' },
  NumAtoms: { label: 'Atoms', description: 'Every atom, hydrogens included.' },
  NumHeteroatoms: { label: 'Heteroatoms', description: 'Atoms other than carbon and hydrogen.' },
  NumAmideBonds: { label: 'Amide bonds' },
  FractionCSP3: { label: 'Fraction sp³ carbons', description: 'sp³ carbons over all carbons (Fsp3).' },
  NumRings: { label: 'Rings', description: 'Rings of the smallest set of smallest rings.' },
  NumAromaticRings: { label: 'Aromatic rings' },
  NumAliphaticRings: { label: 'Aliphatic rings' },
  NumSaturatedRings: { label: 'Saturated rings' },
  NumHeterocycles: { label: 'Heterocycles' },
  NumAromaticHeterocycles: { label: 'Aromatic heterocycles' },
  NumSaturatedHeterocycles: { label: 'Saturated heterocycles' },
  NumAliphaticHeterocycles: { label: 'Aliphatic heterocycles' },
  NumSpiroAtoms: { label: 'Spiro atoms' },
  NumBridgeheadAtoms: { label: 'Bridgehead atoms' },
  NumAtomStereoCenters: { label: 'Stereocentres' },
  NumUnspecifiedAtomStereoCenters: { label: 'Unspecified stereocentres' },
  labuteASA: {
    label: 'Labute surface area',
    units: 'Å²',
    description: 'Labute’s approximate surface area (Python: LabuteASA).',
  },
  tpsa: {
    label: 'TPSA',
    units: 'Å²',
    description: 'Topological polar surface area of N and O atoms (Ertl 2000; Python: TPSA).',
  },
  CrippenClogP: { label: 'cLogP', description: 'Wildman–Crippen logP (Python: MolLogP).' },
  CrippenMR: {
    label: 'Molar refractivity',
    description: 'Wildman–Crippen molar refractivity (Python: MolMR).',
  },
  chi0v: { label: 'χ0v', description: 'Kier–Hall valence connectivity index of order 0 (Python: Chi0v).' },
  chi1v: { label: 'χ1v', description: 'Kier–Hall valence connectivity index of order 1 (Python: Chi1v).' },
  chi2v: { label: 'χ2v', description: 'Kier–Hall valence connectivity index of order 2 (Python: Chi2v).' },
  chi3v: { label: 'χ3v', description: 'Kier–Hall valence connectivity index of order 3 (Python: Chi3v).' },
  chi4v: { label: 'χ4v', description: 'Kier–Hall valence connectivity index of order 4 (Python: Chi4v).' },
  chi0n: { label: 'χ0n', description: 'Kier–Hall connectivity index of order 0 (Python: Chi0n).' },
  chi1n: { label: 'χ1n', description: 'Kier–Hall connectivity index of order 1 (Python: Chi1n).' },
  chi2n: { label: 'χ2n', description: 'Kier–Hall connectivity index of order 2 (Python: Chi2n).' },
  chi3n: { label: 'χ3n', description: 'Kier–Hall connectivity index of order 3 (Python: Chi3n).' },
  chi4n: { label: 'χ4n', description: 'Kier–Hall connectivity index of order 4 (Python: Chi4n).' },
  hallKierAlpha: { label: 'Hall–Kier α', description: 'Hall–Kier alpha (Python: HallKierAlpha).' },
  kappa1: { label: 'κ1', description: 'Kier shape index of order 1 (Python: Kappa1).' },
  kappa2: { label: 'κ2', description: 'Kier shape index of order 2 (Python: Kappa2).' },
  kappa3: { label: 'κ3', description: 'Kier shape index of order 3 (Python: Kappa3).' },
  Phi: { label: 'Φ flexibility', description: 'Kier flexibility index (Python: rdMolDescriptors.CalcPhi).' },
};
