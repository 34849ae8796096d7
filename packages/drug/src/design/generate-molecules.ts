// Molecules from a SMILES or SELFIES language model: core samples token sequences, the vocabulary turns
// them back into strings (SELFIES decoded to SMILES), and RDKit says which are molecules.
import {
  sampleSequences,
  sequenceModelSpec,
  type ModelManifest,
  type ModelSession,
  type SampleOptions,
} from '@strata/core';
import type { RDKit } from '../rdkit/rdkit.js';
import { readGenerated } from './distribution-metrics.js';
import { decodeSelfies } from './selfies-decode.js';
import { SmilesGrammar } from './smiles-grammar.js';
import { SmilesVocabulary } from './smiles-vocabulary.js';
import { InvalidArgumentError } from '@strata/core';

/** The notations a generator's tokens may spell (`preprocessing.notation`; SMILES when it names none). */
export const MOLECULE_NOTATIONS = ['smiles', 'selfies'] as const;

/** How a {@link MoleculeGenerator} samples: core's options, the grammar in place of a constraint. */
export type MoleculeSampleOptions = Omit<SampleOptions, 'constraint'> & {
  /** Sample a SMILES model under the SMILES grammar ({@link SmilesGrammar}). @defaultValue true */
  readonly grammar?: boolean;
};

/** One sampled molecule. */
export interface GeneratedMolecule {
  /** The SMILES as sampled (for a SELFIES model, the SMILES its SELFIES decodes to). */
  readonly smiles: string;
  /** RDKit's canonical SMILES; null when the sample is not a molecule (or was cut at the length limit). */
  readonly canonical: string | null;
  /** Log-probability of the sample under the sampling distribution. */
  readonly logProbability: number;
}

/**
 * A molecule generator: a model whose manifest declares an autoregressive contract over SMILES or SELFIES
 * tokens (`SmilesVocabulary.tokens`, `preprocessing.notation`), sampled through core's
 * {@link sampleSequences}.
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
  private readonly toSmiles: (text: string) => string;
  /** A SMILES model's grammar (a SELFIES model needs none: every SELFIES string is a molecule). */
  private readonly grammar: SmilesGrammar | null;

  constructor(
    manifest: Pick<ModelManifest, 'id' | 'preprocessing'>,
    private readonly session: ModelSession,
    private readonly rdkit: RDKit,
  ) {
    this.spec = sequenceModelSpec(manifest);
    this.vocabulary = SmilesVocabulary.fromTokens(this.spec.vocabulary);
    const notation = this.spec.notation ?? 'smiles';
    if (!(MOLECULE_NOTATIONS as readonly string[]).includes(notation))
      throw new InvalidArgumentError(
        'preprocessing',
        `model "${manifest.id}" spells its tokens in "${notation}"; a molecule generator reads ${MOLECULE_NOTATIONS.join(' or ')}`,
      );
    this.toSmiles = notation === 'selfies' ? decodeSelfies : (text) => text;
    this.grammar = notation === 'smiles' ? new SmilesGrammar(this.spec.vocabulary, this.spec.eos) : null;
  }

  /**
   * Samples `count` molecules and reads each with RDKit; the same seed gives the same molecules. A SMILES
   * model samples under the SMILES grammar ({@link SmilesGrammar}) unless `grammar` is false (the model
   * alone, as MOSES measures a CharRNN).
   */
  async sample(options: MoleculeSampleOptions): Promise<GeneratedMolecule[]> {
    const { grammar = true, ...rest } = options;
    const sequences = await sampleSequences(
      this.session,
      this.spec,
      grammar && this.grammar ? { ...rest, constraint: this.grammar } : rest,
    );
    const smiles = sequences.map((s) => this.toSmiles(this.vocabulary.decode(s.ids)));
    const read = readGenerated(this.rdkit, smiles);
    return sequences.map((s, i) => ({
      smiles: smiles[i]!,
      // A sample cut at the length limit is an unfinished SMILES, whatever RDKit makes of its prefix.
      canonical: s.ended ? (read[i]?.canonical ?? null) : null,
      logProbability: s.logProbability,
    }));
  }
}
