// Step 3 of training the molecule generator: choose the model's own top-p on the validation split
// (choose-sampling.ts), sample the trained model.onnx through the TypeScript serving path, measure the
// samples against the test split beside the k-gram baseline, and write model.json (manifest and card).
//   cd models && node --import tsx mol-generator/finish.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelManifestInput } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { MoleculeGenerator, RDKit } from '@strata/drug';
import {
  corpus,
  HELD_OUT_TARGETS,
  MAX_HEAVY_ATOMS,
  MIN_MOLECULAR_WEIGHT,
  TARGET_SIMILARITY_CUTOFF,
} from './data.js';
import {
  HIGHER_IS_BETTER,
  baselineSamples,
  measure,
  references,
  SAMPLES,
  SEED,
  type GeneratorMetrics,
} from './evaluate.js';
import { chooseTopP, type SamplingTrial } from './choose-sampling.js';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const training = JSON.parse(readFileSync(here('training.json'), 'utf8')) as {
  architecture: { embed: number; hidden: number; layers: number; dropout: number; vocab: number };
  best_valid_loss: number;
  history: unknown[];
};
const meta = JSON.parse(readFileSync(here('../.cache/mol-generator/meta.json'), 'utf8')) as {
  notation: 'selfies' | 'smiles';
  spellings: number;
  tokens: string[];
  maxTokens: number;
  counts: { train: number };
};

/** The experiments before this model, for the card. */
const EARLIER =
  'The model before this one, on the same corpus: canonical SMILES, a 2-layer LSTM of 256 units (30 epochs), under the grammar without a top-p cut: validity 0.845 (the network alone 0.702), unique@10k 0.993, filter pass rate 0.922, Scaf 0.385, SNN 0.354, descriptor Fréchet distance 1.27. Earlier ones of that size, on the corpus before its 250 Da floor (15,272 training molecules from 8 heavy atoms up), without the grammar: canonical SMILES, validity 0.844, unique@10k 0.956, filter pass rate 0.959; canonical SELFIES (every string a molecule), validity 1.0 but unique@10k 0.966 and filter pass rate 0.853, a ring the model forgot becoming a chain of alternating double bonds (NIBR "polyenes"); randomised SELFIES (export.ts --notation selfies --randomised 30), unique@10k 0.976 but filter pass rate 0.814. Their repeats were small molecules (96.6% distinct among all samples, 99.9% among those of 250 Da or more): solvents and reagents, no seeds for design, so the corpus now starts at 250 Da, the lower bound of MOSES.';
/** How the training strings were spelled, for the card. */
const SPELLED = meta.spellings
  ? ` Trained on randomised SMILES (Arús-Pous et al. 2019, "Randomized SMILES strings improve the quality of molecular generative models"): every epoch spells each training molecule anew from a random atom order (random-smiles.ts; ${meta.spellings} spellings a molecule, taken in turn), so that ten thousand molecules teach the network chemistry rather than RDKit's canonical atom order.`
  : '';
/** How the samples are drawn (the model's own top-p and the trials that chose it), for the card. */
const drawn = (topP: number, trials: readonly SamplingTrial[]) =>
  ` Drawn with top-p ${topP} (nucleus sampling, Holtzman et al. 2020: only the likeliest tokens holding that share of the probability, the tail the network derails in cut), the model's own sampling (preprocessing.sampling; a caller may choose another), chosen on the validation split and never the test split (choose-sampling.ts: the largest top-p whose samples reach validity 0.95, unique@10k 0.99 and filter pass rate 0.95): ${trials.map((t) => `top-p ${t.topP}: validity ${round(t.validity)}, unique@10k ${round(t.unique_at_10k)}, filters ${round(t.filters)}`).join('; ')}.`;
/** The card's description; `alone`: the network's metrics sampled without the grammar and without a cut. */
const describe = (alone: string, sampling: string) =>
  meta.notation === 'selfies'
    ? `A SELFIES language model (MOSES's CharRNN, smaller, on SELFIES symbols): ${meta.tokens.length} symbols embedded in ${embed} dimensions, a ${layers}-layer LSTM of ${hidden} units, the next symbol's logits. Sampled symbol by symbol by core's autoregressive sampler; @strata/drug's MoleculeGenerator decodes the SELFIES to SMILES (decodeSelfies) and RDKit reads them.${sampling} ${EARLIER}`
    : `A SMILES language model (MOSES's CharRNN, smaller): ${meta.tokens.length} tokens embedded in ${embed} dimensions, a ${layers}-layer LSTM of ${hidden} units, the next token's logits.${SPELLED} Sampled token by token by core's autoregressive sampler under @strata/drug's SMILES grammar (SmilesGrammar: a ring or branch left open, a valence exceeded, an aromatic system that cannot be kekulised are refused as they are written, the model's probabilities renormalised over the tokens left), and read by RDKit.${sampling} The grammar and the cut change which samples are drawn, never the network: without them (MoleculeGenerator.sample with grammar: false and topP: 1, as MOSES measures a CharRNN) the same network reached ${alone}. SMILES with a grammar rather than SELFIES: a SMILES model's mistakes are strings the grammar refuses as they are written (the model then takes its next likeliest token), where SELFIES turn them silently into other molecules that fail the filters (Skinnider 2024, "Invalid SMILES are beneficial rather than detrimental to chemical language models"). ${EARLIER} An LSTM rather than a transformer: it samples with a state of constant size per step (a transformer's key/value cache grows with the sequence) and trains on two CPU cores in about an hour.`;
const bytes = readFileSync(here('model.onnx'));
const { layers, hidden, embed } = training.architecture;
const state = (name: string) => ({ name, dtype: 'float32' as const, dims: [layers, 'batch', hidden] });
const manifest: ModelManifestInput = {
  id: 'mol-generator',
  version: '1.0.0',
  task: 'molecule-generation',
  file: 'model.onnx',
  sha256: createHash('sha256').update(bytes).digest('hex'),
  license: 'Apache-2.0',
  inputs: [{ name: 'token', dtype: 'int64', dims: ['batch'] }, state('h'), state('c')],
  outputs: [
    { name: 'logits', dtype: 'float32', dims: ['batch', meta.tokens.length] },
    state('h_out'),
    state('c_out'),
  ],
  preprocessing: {
    kind: 'autoregressive',
    vocabulary: meta.tokens,
    notation: meta.notation,
    bos: 1,
    eos: 2,
    forbidden: [0, 1],
    tokenInput: 'token',
    logitsOutput: 'logits',
    state: [
      { input: 'h', output: 'h_out', dims: [layers, 'batch', hidden] },
      { input: 'c', output: 'c_out', dims: [layers, 'batch', hidden] },
    ],
    maxLength: meta.maxTokens - 1,
  },
  card: {
    description: 'Written once the samples are measured (describe).',
    trainingData: {
      name: "Every real molecule reachable offline: NCI (first 5,000), Tox21, ESOL and the molecule files of RDKit's example data (rdkit-data), standardised to parents by @strata/drug's Standardiser and de-duplicated",
      source:
        'shared drug datasets (nci-first-5k.smi, tox21.csv, esol-delaney.csv) and Debian rdkit-data (models/mol-generator/rdkit-data.smi)',
      license:
        'NCI and Tox21: public domain (US government); ESOL: published data set; rdkit-data: BSD-3-Clause',
      split: `80/10/10 by a hash of the canonical SMILES (models/mol-generator/data.ts): training split for the weights, validation split for the epoch kept, metrics on ${SAMPLES.toLocaleString('en')} samples (seed ${SEED}, temperature 1, the model's own top-p) against the test split, novelty against the training split. Kept as MOSES kept its data: ${MIN_MOLECULAR_WEIGHT} Da (MOSES's lower bound) to ${MAX_HEAVY_ATOMS} heavy atoms, organic elements, neutral parents, no PAINS alert and no NIBR medicinal-chemistry exclusion; molecules with ECFP4 Tanimoto above ${TARGET_SIMILARITY_CUTOFF} to a rediscovery target (${Object.keys(HELD_OUT_TARGETS).join(', ')}) never train, as in GuacaMol`,
    },
    metrics: [],
    intendedUse:
      'Seeds for goal-directed design (drug.design with seeds.generate) and samples of drug-like chemical space (POST /drug/v1/generate).',
    limitations: `Trained on ${meta.counts.train.toLocaleString('en')} molecules against MOSES's 1.6 million: it knows fewer scaffolds, so Frag, Scaf and SNN are lower than MOSES's models reach. No stereochemistry (the corpus has none). No molecule lighter than ${MIN_MOLECULAR_WEIGHT} Da in its corpus, so few in its samples. The Fréchet distance is over 43 RDKit descriptors, standing in for FCD, whose ChemNet weights cannot be had offline: compare it only with the baseline beside it.`,
    trainingScript: 'models/mol-generator (data.ts, export.ts, train.py, finish.ts)',
  },
};
const parsed = parseManifest(manifest, 'mol-generator');

const rdkit = await RDKit.load();
const { molecules } = await corpus();
const refs = references(rdkit, molecules);
const session = await createOrtBackend().createSession({ bytes });
// The top-p chosen on the validation split becomes the model's own sampling (preprocessing.sampling).
const choice = await chooseTopP(new MoleculeGenerator(parsed, session, rdkit), rdkit, molecules);
manifest.preprocessing = { ...manifest.preprocessing, sampling: { topP: choice.topP } };
const generator = new MoleculeGenerator(parseManifest(manifest, 'mol-generator'), session, rdkit);
const sampled = async (o: { grammar: boolean; topP?: number }) =>
  (await generator.sample({ count: SAMPLES, seed: SEED, batchSize: 256, ...o })).map((m) => m.smiles);
const model = measure(rdkit, await sampled({ grammar: true }), refs);
// The network alone, as MOSES measures a CharRNN: every token it proposes, no grammar.
const alone = measure(rdkit, await sampled({ grammar: false, topP: 1 }), refs);
await session.dispose();
manifest.card.description = describe(
  `validity ${round(alone.validity)}, unique@10k ${round(alone.unique_at_10k)}, novelty ${round(alone.novelty)}, filter pass rate ${round(alone.filters)}, SNN ${round(alone.snn)} and descriptor Fréchet distance ${round(alone.frechet_descriptor_distance)}`,
  drawn(choice.topP, choice.trials),
);
const baseline = measure(rdkit, baselineSamples(rdkit, refs, meta.notation, SAMPLES, SEED), refs);

const metrics = (Object.keys(model) as (keyof GeneratorMetrics)[]).map((name) => ({
  name,
  value: round(model[name]),
  split: 'test',
  higherIsBetter: HIGHER_IS_BETTER[name],
  baseline: {
    name: `${meta.notation === 'selfies' ? 'SELFIES-symbol' : 'SMILES-token'} 6-gram model with backoff, counted on the training split`,
    value: round(baseline[name]),
  },
}));
manifest.card.metrics = metrics;
// Said plainly on the card when the samples fall short of the published anchors.
const short = [
  model.validity < 0.95 ? `validity ${round(model.validity)} (MOSES CharRNN: 0.975)` : '',
  model.unique_at_10k < 0.99 ? `unique@10k ${round(model.unique_at_10k)} (MOSES CharRNN: 0.999)` : '',
  model.filters < 0.95
    ? `filter pass rate ${round(model.filters)} (MOSES CharRNN: 0.994 on its own filters)`
    : '',
].filter(Boolean);
if (short.length)
  manifest.card.limitations += ` Below the anchors of models trained on a hundred times more molecules: ${short.join(', ')}.`;
parseManifest(manifest, 'mol-generator');
writeFileSync(here('model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.table(
  Object.fromEntries(metrics.map((m) => [m.name, { model: m.value, baseline: m.baseline.value }])),
);
