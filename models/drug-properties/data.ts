// The data of the bundled drug property models, featurised by @strata/drug's own code: ESOL aqueous
// solubility (Delaney 2004) and the Tox21 challenge's 12 assays, with MoleculeNet-style random splits.
import { fileURLToPath } from 'node:url';
import {
  descriptorsOf,
  featureLength,
  featureVector,
  RDKit,
  Standardiser,
  type FeatureSetName,
} from '@strata/drug';
import { openMolecules } from '@strata/drug/node';

export const FEATURES: FeatureSetName = 'rdkit43-morgan2x1024';
export const TOX21_TASKS = [
  'NR-AR',
  'NR-AR-LBD',
  'NR-AhR',
  'NR-Aromatase',
  'NR-ER',
  'NR-ER-LBD',
  'NR-PPAR-gamma',
  'SR-ARE',
  'SR-ATAD5',
  'SR-HSE',
  'SR-MMP',
  'SR-p53',
] as const;

/** What each Tox21 assay measures, for the labels people see (the Tox21 Data Challenge's own descriptions). */
export const TOX21_TARGETS: Readonly<Record<(typeof TOX21_TASKS)[number], string>> = {
  'NR-AR': 'androgen receptor',
  'NR-AR-LBD': 'androgen receptor, ligand-binding domain',
  'NR-AhR': 'aryl hydrocarbon receptor',
  'NR-Aromatase': 'aromatase inhibition',
  'NR-ER': 'estrogen receptor alpha',
  'NR-ER-LBD': 'estrogen receptor alpha, ligand-binding domain',
  'NR-PPAR-gamma': 'PPAR-gamma',
  'SR-ARE': 'antioxidant response element',
  'SR-ATAD5': 'ATAD5 (genotoxicity)',
  'SR-HSE': 'heat shock response',
  'SR-MMP': 'mitochondrial membrane potential',
  'SR-p53': 'p53 (DNA damage response)',
};

/** A featurised data set: one row of features per molecule, its labels (NaN where missing) and split. */
export interface DataSet {
  readonly ids: string[];
  readonly features: Float32Array;
  readonly labels: Float32Array;
  readonly tasks: readonly string[];
  readonly split: ('train' | 'valid' | 'test')[];
  /** Values beside the labels that a baseline uses (ESOL's own equation), by row. */
  readonly baseline?: Float32Array;
}

const shared = (name: string) =>
  fileURLToPath(new URL(`../../../shared/datasets/drug/${name}`, import.meta.url));

/** A seeded shuffle (mulberry32), so the split is the same on every machine. */
function randomSplit(n: number, seed: number): ('train' | 'valid' | 'test')[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const split = new Array<'train' | 'valid' | 'test'>(n);
  order.forEach((row, k) => (split[row] = k < 0.8 * n ? 'train' : k < 0.9 * n ? 'valid' : 'test'));
  return split;
}

async function featurise(
  file: string,
  options: { idColumn?: string },
  labelsOf: (fields: Readonly<Record<string, string>>) => number[],
): Promise<{ ids: string[]; rows: Float32Array[]; labels: number[][]; fields: Record<string, string>[] }> {
  const rdkit = await RDKit.load();
  const std = new Standardiser(rdkit);
  const out = {
    ids: [] as string[],
    rows: [] as Float32Array[],
    labels: [] as number[][],
    fields: [] as Record<string, string>[],
  };
  for await (const r of openMolecules(shared(file), options)) {
    const row = rdkit.withMol(r.molecule, (mol) => {
      const parent = std.standardise(mol).smiles;
      return rdkit.withMol(parent, (p) => featureVector(p, FEATURES, descriptorsOf(p)));
    });
    if (!row || row.some((v) => !Number.isFinite(v))) continue; // RDKit cannot read it: not a training row
    out.ids.push(r.id ?? String(r.position));
    out.rows.push(row);
    out.labels.push(labelsOf(r.fields));
    out.fields.push({ ...r.fields });
  }
  std.dispose();
  return out;
}

function pack(rows: Float32Array[], width: number): Float32Array {
  const flat = new Float32Array(rows.length * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  return flat;
}

/** ESOL: log solubility in mol/L, with the ESOL equation's prediction as the baseline. */
export async function esol(): Promise<DataSet> {
  const d = await featurise('esol-delaney.csv', { idColumn: 'Compound ID' }, (f) => [
    Number(f['measured log solubility in mols per litre']),
  ]);
  return {
    ids: d.ids,
    features: pack(d.rows, featureLength(FEATURES)),
    labels: Float32Array.from(d.labels.flat()),
    tasks: ['log_solubility'],
    split: randomSplit(d.ids.length, 1128),
    baseline: Float32Array.from(d.fields, (f) =>
      Number(f['ESOL predicted log solubility in mols per litre']),
    ),
  };
}

/** Tox21: 12 binary assays, a blank cell a missing label (NaN). */
export async function tox21(): Promise<DataSet> {
  const d = await featurise('tox21.csv', { idColumn: 'mol_id' }, (f) =>
    TOX21_TASKS.map((t) => (f[t] === '' || f[t] === undefined ? NaN : Number(f[t]))),
  );
  return {
    ids: d.ids,
    features: pack(d.rows, featureLength(FEATURES)),
    labels: Float32Array.from(d.labels.flat()),
    tasks: [...TOX21_TASKS],
    split: randomSplit(d.ids.length, 7831),
  };
}
