// How the bundled generator is measured, by finish.ts for its model card and by model.test.ts against
// the card: MOSES's and GuacaMol's distribution metrics of a set of samples against the held-out test
// split (novelty against the training split), and the baseline they are read beside.
import {
  descriptorsOf,
  filterPassRate,
  fragmentCounts,
  fragmentSimilarity,
  frechetDescriptorDistance,
  internalDiversity,
  nearestNeighbourSimilarity,
  novelty,
  readGenerated,
  scaffoldCounts,
  scaffoldSimilarity,
  decodeSelfies,
  encodeSelfies,
  selfiesSymbols,
  smilesTokens,
  uniqueness,
  validity,
  type Descriptors,
  type RDKit,
  type ReadMolecule,
} from '@strata/drug';
import { mulberry32 } from '@strata/core';
import type { CorpusMolecule } from './data.js';

/** Samples measured per model: MOSES's unique@10k needs at least 10,000 valid ones. */
export const SAMPLES = 10_500;
/** The seed of the measured samples, so that the card's numbers can be made again. */
export const SEED = 20261207;

/** The metrics of one set of samples, named as on the model card. */
export interface GeneratorMetrics {
  readonly validity: number;
  readonly unique_at_1k: number;
  readonly unique_at_10k: number;
  readonly novelty: number;
  readonly int_div1: number;
  readonly int_div2: number;
  readonly frag: number;
  readonly scaf: number;
  readonly snn: number;
  readonly filters: number;
  readonly frechet_descriptor_distance: number;
}

/** Which way each metric is better, for the card. */
export const HIGHER_IS_BETTER: Record<keyof GeneratorMetrics, boolean> = {
  validity: true,
  unique_at_1k: true,
  unique_at_10k: true,
  novelty: true,
  int_div1: true,
  int_div2: true,
  frag: true,
  scaf: true,
  snn: true,
  filters: true,
  frechet_descriptor_distance: false,
};

/** The reference sets: the held-out test split (what MOSES compares with) and the training split (novelty). */
export interface References {
  readonly train: ReadonlySet<string>;
  readonly test: readonly string[];
  readonly testFingerprints: ReadMolecule['fingerprint'][];
  readonly testFragments: Map<string, number>;
  readonly testScaffolds: Map<string, number>;
  readonly testDescriptors: Descriptors[];
}

function descriptorsOfAll(rdkit: RDKit, smiles: readonly string[]): Descriptors[] {
  return smiles.map((s) => rdkit.withMol(s, (m) => descriptorsOf(m))!);
}

/**
 * Reads the reference sets once, for any number of sample sets: the test split, or the validation split
 * where a choice is made (the sampling's top-p) that the test split must not see.
 */
export function references(
  rdkit: RDKit,
  molecules: readonly CorpusMolecule[],
  heldOut: 'test' | 'valid' = 'test',
): References {
  const test = molecules.filter((m) => m.split === heldOut).map((m) => m.smiles);
  const read = readGenerated(rdkit, test).filter((m): m is ReadMolecule => m !== null);
  return {
    train: new Set(molecules.filter((m) => m.split === 'train').map((m) => m.smiles)),
    test,
    testFingerprints: read.map((m) => m.fingerprint),
    testFragments: fragmentCounts(rdkit, test),
    testScaffolds: scaffoldCounts(rdkit, test),
    testDescriptors: descriptorsOfAll(rdkit, test),
  };
}

/**
 * MOSES's metrics of `samples` (SMILES, invalid ones included): validity over all of them, the others
 * over the valid ones, as MOSES computes them (IntDiv, Frag, Scaf, SNN and the Fréchet distance over
 * the distinct valid molecules, the filters over the valid ones).
 */
export function measure(rdkit: RDKit, samples: readonly string[], refs: References): GeneratorMetrics {
  const read = readGenerated(rdkit, samples);
  const valid = read.filter((m): m is ReadMolecule => m !== null);
  const distinct = [...new Map(valid.map((m) => [m.canonical, m])).values()];
  const smiles = distinct.map((m) => m.canonical);
  const fps = distinct.map((m) => m.fingerprint);
  return {
    validity: validity(read),
    unique_at_1k: uniqueness(valid, 1000),
    unique_at_10k: uniqueness(valid, 10_000),
    novelty: novelty(valid, refs.train),
    int_div1: internalDiversity(fps, 1),
    int_div2: internalDiversity(fps, 2),
    frag: fragmentSimilarity(fragmentCounts(rdkit, smiles), refs.testFragments),
    scaf: scaffoldSimilarity(scaffoldCounts(rdkit, smiles), refs.testScaffolds),
    snn: nearestNeighbourSimilarity(fps, refs.testFingerprints),
    filters: filterPassRate(
      rdkit,
      valid.map((m) => m.canonical),
    ),
    frechet_descriptor_distance: frechetDescriptorDistance(
      descriptorsOfAll(rdkit, smiles),
      refs.testDescriptors,
    ),
  };
}

/**
 * The baseline: a k-gram model of tokens (the network's tokens, SELFIES symbols or SMILES tokens) with
 * stupid backoff, counted on the training split. Each token is drawn from the counts that follow the
 * longest context seen in training; it knows no more chemistry than which token runs occur, so the
 * network's metrics beside it say what the network learnt beyond that.
 */
export class KGramModel {
  private readonly next = new Map<string, Map<string, number>>();

  constructor(
    train: Iterable<readonly string[]>,
    private readonly order = 6,
  ) {
    for (const sequence of train) {
      const tokens = ['^', ...sequence, '$'];
      for (let i = 1; i < tokens.length; i++) {
        for (let k = 0; k <= Math.min(order - 1, i); k++) {
          const key = tokens.slice(i - k, i).join(' ');
          const counts = this.next.get(key) ?? new Map<string, number>();
          counts.set(tokens[i]!, (counts.get(tokens[i]!) ?? 0) + 1);
          this.next.set(key, counts);
        }
      }
    }
  }

  /** `count` token strings from a seeded stream, each at most `maxLength` tokens (longer ones: empty). */
  sample(count: number, seed: number, maxLength = 127): string[] {
    const random = mulberry32(seed);
    const out: string[] = [];
    for (let n = 0; n < count; n++) {
      const tokens = ['^'];
      while (tokens.length <= maxLength) {
        let counts: Map<string, number> | undefined;
        for (let k = Math.min(this.order - 1, tokens.length); k >= 0 && !counts; k--)
          counts = this.next.get(tokens.slice(tokens.length - k).join(' '));
        const token = draw(counts!, random());
        if (token === '$') break;
        tokens.push(token);
      }
      out.push(tokens.length > maxLength ? '' : tokens.slice(1).join(''));
    }
    return out;
  }
}

/**
 * The baseline's samples as SMILES: a {@link KGramModel} over the training split written in `notation`
 * (the network's), `count` samples from `seed`.
 */
export function baselineSamples(
  rdkit: RDKit,
  refs: References,
  notation: 'smiles' | 'selfies',
  count: number,
  seed: number,
): string[] {
  const train = [...refs.train];
  if (notation === 'smiles')
    return new KGramModel(train.map((s) => smilesTokens(s) ?? [])).sample(count, seed);
  const model = new KGramModel(train.map((s) => selfiesSymbols(encodeSelfies(rdkit, s))));
  return model.sample(count, seed).map(decodeSelfies);
}

function draw(counts: Map<string, number>, u: number): string {
  let total = 0;
  for (const c of counts.values()) total += c;
  let left = u * total;
  let last = '';
  for (const [token, c] of counts) {
    last = token;
    if ((left -= c) < 0) return token;
  }
  return last;
}
