// Step 3 of training the drug property models: measure each trained model.onnx on the held-out split
// through the TypeScript serving path and write its model.json (manifest and model card).
//   cd models && node --import tsx drug-properties/finish.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelManifestInput, type ModelSession } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { featureLength, type PropertyModelSpec } from '@strata/drug';
import { esol, FEATURES, tox21, TOX21_TARGETS, TOX21_TASKS } from './data.js';
import { meanAuc, predictSplit, rmse } from './evaluate.js';

const folder = (id: string) => fileURLToPath(new URL(`../${id}/`, import.meta.url));
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const SPLIT =
  'MoleculeNet-style random split 80/10/10 with a fixed seed (models/drug-properties/data.ts); metrics on the 10% test split';

async function finish(
  id: string,
  spec: PropertyModelSpec,
  card: ModelManifestInput['card'],
  measure: (s: ModelSession) => Promise<ModelManifestInput['card']['metrics']>,
): Promise<void> {
  const bytes = readFileSync(`${folder(id)}model.onnx`);
  const session = await createOrtBackend().createSession({ bytes });
  const metrics = await measure(session);
  await session.dispose();
  const manifest: ModelManifestInput = {
    id,
    version: '1.0.0',
    task: 'molecular-property',
    file: 'model.onnx',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    license: 'Apache-2.0',
    inputs: [{ name: 'features', dtype: 'float32', dims: ['batch', featureLength(spec.features)] }],
    outputs: [{ name: 'prediction', dtype: 'float32', dims: ['batch', spec.tasks.length] }],
    preprocessing: spec,
    card: { ...card, metrics },
  };
  parseManifest(manifest, id);
  writeFileSync(`${folder(id)}model.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(id, JSON.stringify(metrics));
}

const trainingJson = (id: string) =>
  JSON.parse(readFileSync(`${folder(id)}training.json`, 'utf8')) as Record<string, number>;

const esolData = await esol();
const esolSpec: PropertyModelSpec = {
  features: FEATURES,
  standardise: true,
  tasks: [
    {
      name: 'log_solubility',
      kind: 'regression',
      label: 'Aqueous solubility (ESOL model)',
      units: 'log10(mol/L)',
    },
  ],
};
await finish(
  'esol-solubility',
  esolSpec,
  {
    description:
      'Aqueous solubility (log10 mol/L) of a molecule from its 43 RDKit descriptors and Morgan radius-2 bits: a two-hidden-layer perceptron (256, 64).',
    trainingData: {
      name: 'ESOL (Delaney 2004), 1,128 molecules with measured solubility',
      source: 'MoleculeNet delaney-processed.csv',
      split: SPLIT,
    },
    metrics: [],
    intendedUse: 'Ranking and filtering screening libraries by predicted solubility.',
    limitations:
      'Trained on 902 mostly small, drug-like and pesticide molecules; extrapolates poorly to large, charged or organometallic ones.',
    trainingScript: 'models/drug-properties (export.ts, train.py, finish.ts)',
  },
  async (session) => {
    const { rows, predictions } = await predictSplit('esol-solubility', esolSpec, session, esolData, 'test');
    const truth = rows.map((r) => esolData.labels[r]!);
    const baseline = rows.map((r) => esolData.baseline![r]!);
    return [
      {
        name: 'rmse',
        value: round(
          rmse(
            predictions.map((p) => p[0]!),
            truth,
          ),
        ),
        split: 'test',
        higherIsBetter: false,
        baseline: { name: 'ESOL equation (Delaney 2004)', value: round(rmse(baseline, truth)) },
      },
    ];
  },
);

const toxData = await tox21();
const toxSpec: PropertyModelSpec = {
  features: FEATURES,
  standardise: true,
  tasks: TOX21_TASKS.map((name) => ({
    name,
    kind: 'probability',
    label: `Tox21 ${name}: ${TOX21_TARGETS[name]}`,
    units: 'probability',
  })),
};
await finish(
  'tox21-toxicity',
  toxSpec,
  {
    description:
      'Probability of activity in each of the 12 Tox21 assays (nuclear receptor and stress response) from 43 RDKit descriptors and Morgan radius-2 bits: one multi-task perceptron (512, 128) with a sigmoid per assay.',
    trainingData: {
      name: 'Tox21 challenge, 7,831 molecules, 12 assays with missing labels',
      source: 'MoleculeNet tox21.csv',
      split: SPLIT,
    },
    metrics: [],
    intendedUse: 'Flagging likely toxicity liabilities in screening hits.',
    limitations:
      'Assay activity, not in vivo toxicity; classes are imbalanced (2-16% active), so read probabilities as ranks.',
    trainingScript: 'models/drug-properties (export.ts, train.py, finish.ts)',
  },
  async (session) => {
    const { rows, predictions } = await predictSplit('tox21-toxicity', toxSpec, session, toxData, 'test');
    return [
      {
        name: 'mean_roc_auc',
        value: round(meanAuc(predictions, rows, toxData)),
        split: 'test',
        higherIsBetter: true,
        baseline: {
          name: 'logistic regression per assay, same features',
          value: round(trainingJson('tox21-toxicity').logistic_regression_test_mean_auc!),
        },
      },
    ];
  },
);
