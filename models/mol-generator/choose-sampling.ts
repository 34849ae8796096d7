// The generator's own sampling (its manifest's preprocessing.sampling), chosen on the validation split,
// never the test split the card reports. A language model trained on ten thousand molecules puts a little
// probability on tokens no molecule of its corpus would take next; drawn, they derail the rest of the
// string (a ring closed too soon, a chain that never ends). Nucleus sampling (Holtzman et al. 2020)
// draws only from the likeliest tokens holding p of the probability, cutting that tail; the smaller p,
// the fewer invalid samples but the more repeats, so the least cut that reaches MOSES's anchors is kept.
import type { MoleculeGenerator, RDKit } from '@strata/drug';
import type { CorpusMolecule } from './data.js';
import { measure, references, SAMPLES, SEED, type GeneratorMetrics } from './evaluate.js';

/** The top-p values tried, from no cut down. */
export const TOP_P_CANDIDATES = [1, 0.98, 0.95, 0.925, 0.9, 0.85] as const;
/** What the chosen top-p must reach on the validation split: the anchors (MOSES's) the cut moves. */
const reaches = (m: GeneratorMetrics) => m.validity >= 0.95 && m.unique_at_10k >= 0.99 && m.filters >= 0.95;

/** One candidate as measured on the validation split. */
export interface SamplingTrial {
  readonly topP: number;
  readonly validity: number;
  readonly unique_at_10k: number;
  readonly filters: number;
}

/**
 * Samples the generator at each candidate top-p (another seed than the card's) against the validation
 * split, from no cut down; returns the first (largest) top-p whose samples reach validity 0.95, unique@10k
 * 0.99 and a filter pass rate of 0.95, or, when none does, the one with the most valid distinct molecules
 * (validity times unique@10k), with the trials made, for the card.
 */
export async function chooseTopP(
  generator: MoleculeGenerator,
  rdkit: RDKit,
  molecules: readonly CorpusMolecule[],
): Promise<{ topP: number; trials: SamplingTrial[] }> {
  const refs = references(rdkit, molecules, 'valid');
  const trials: SamplingTrial[] = [];
  for (const topP of TOP_P_CANDIDATES) {
    const samples = await generator.sample({ count: SAMPLES, seed: SEED + 1, batchSize: 256, topP });
    const m: GeneratorMetrics = measure(
      rdkit,
      samples.map((s) => s.smiles),
      refs,
    );
    trials.push({ topP, validity: m.validity, unique_at_10k: m.unique_at_10k, filters: m.filters });
    console.log(trials.at(-1));
    if (reaches(m)) return { topP, trials };
  }
  const most = trials.reduce((a, b) => (b.validity * b.unique_at_10k > a.validity * a.unique_at_10k ? b : a));
  return { topP: most.topP, trials };
}
