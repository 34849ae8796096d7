// Molecules from a SMILES language model: core samples token sequences, the vocabulary turns them back
// into SMILES, and RDKit says which are molecules.
import {
  sampleSequences,
  sequenceModelSpec,
  type ModelManifest,
  type ModelSession,
  type SampleOptions,
} from '@strata/core';
import type { RDKit } from '../rdkit/rdkit.js';
import { readGenerated } from './distribution-metrics.js';
import { SmilesVocabulary } from './smiles-vocabulary.js';

/** One sampled molecule. */
export interface GeneratedMolecule {
  /** The SMILES as sampled. */
  readonly smiles: string;
  /** RDKit's canonical SMILES; null when the sample is not a molecule (or was cut at the length limit). */
  readonly canonical: string | null;
  /** Log-probability of the sample under the sampling distribution. */
  readonly logProbability: number;
}

/**
 * A SMILES generator: a model whose manifest declares an autoregressive contract over SMILES tokens
 * (`SmilesVocabulary.tokens`), sampled through core's {@link sampleSequences}.
 *
 * @example
 * ```ts
 * const generator = new MoleculeGenerator(registry.manifest('mol-generator'), await registry.session('mol-generator'), rdkit);
 * const molecules = await generator.sample({ count: 500, seed: 1 });
 * const valid = molecules.filter((m) => m.canonical !== null);
 * ```
 */
export class MoleculeGenerator {
  private readonly spec;
  private readonly vocabulary: SmilesVocabulary;

  constructor(
    manifest: Pick<ModelManifest, 'id' | 'preprocessing'>,
    private readonly session: ModelSession,
    private readonly rdkit: RDKit,
  ) {
    this.spec = sequenceModelSpec(manifest);
    this.vocabulary = SmilesVocabulary.fromTokens(this.spec.vocabulary);
  }

  /** Samples `count` SMILES and reads each with RDKit; the same seed gives the same molecules. */
  async sample(options: SampleOptions): Promise<GeneratedMolecule[]> {
    const sequences = await sampleSequences(this.session, this.spec, options);
    const smiles = sequences.map((s) => this.vocabulary.decode(s.ids));
    const read = readGenerated(this.rdkit, smiles);
    return sequences.map((s, i) => ({
      smiles: smiles[i]!,
      // A sample cut at the length limit is an unfinished SMILES, whatever RDKit makes of its prefix.
      canonical: s.ended ? (read[i]?.canonical ?? null) : null,
      logProbability: s.logProbability,
    }));
  }
}
