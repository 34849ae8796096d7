// The contract of an autoregressive sequence model as its manifest declares it: what the sampler feeds
// it at each step and reads back. Nothing here knows what the tokens mean (SMILES, text, events): the
// domain package that trained the model gives them meaning.
import { z } from 'zod';
import { InvalidArgumentError } from '../errors.js';
import { parsePreprocessing, type ModelManifest } from '../model/manifest.js';

/** One recurrent state tensor (an LSTM's h or c, a layer's key/value cache): fed in, read back, fed again. */
const stateSchema = z.strictObject({
  /** The graph input that takes it. */
  input: z.string().min(1),
  /** The graph output that gives the next step's value. */
  output: z.string().min(1),
  /** Its shape, with `"batch"` where the batch goes; it starts as zeros. */
  dims: z.array(z.union([z.number().int().positive(), z.literal('batch')])).min(1),
});

/** How tokens are drawn unless a caller says otherwise (`TokenChoice`). */
const samplingSchema = z.strictObject({
  temperature: z.number().nonnegative().optional(),
  topK: z.number().int().nonnegative().optional(),
  topP: z.number().gt(0).max(1).optional(),
});

/** `preprocessing` of an autoregressive model (`task: "sequence-generation"`). */
export const sequenceModelSchema = z.strictObject({
  kind: z.literal('autoregressive'),
  /** Every token by id; what they are is the domain's business. */
  vocabulary: z.array(z.string()).min(2),
  /**
   * What the tokens spell, named by the domain that reads them (`"smiles"`, `"selfies"`); the sampler
   * never looks at it. @defaultValue none: the domain's default
   */
  notation: z.string().min(1).optional(),
  /** The id every sequence starts from. */
  bos: z.number().int().nonnegative(),
  /** The id that ends a sequence. */
  eos: z.number().int().nonnegative(),
  /** Ids never sampled (padding, the start token). @defaultValue none */
  forbidden: z.array(z.number().int().nonnegative()).default([]),
  /** The int64 input of the current token, shape `[batch]`. */
  tokenInput: z.string().min(1),
  /** The float32 output of the next token's logits, shape `[batch, vocabulary]`. */
  logitsOutput: z.string().min(1),
  state: z.array(stateSchema),
  /** The longest sequence, without the start token. */
  maxLength: z.number().int().positive().max(4096),
  /**
   * The model's own temperature, top-k and top-p (those its card was measured with, e.g. a nucleus that
   * cuts the unlikely tail the model derails in); a caller's choice overrides each.
   * @defaultValue none: temperature 1, all tokens
   */
  sampling: samplingSchema.optional(),
});

/** What {@link sampleSequences} needs of a model. */
export type SequenceModelSpec = z.output<typeof sequenceModelSchema>;

/**
 * The sequence contract of a manifest; `INVALID_ARGUMENT` naming the model and the first bad field, or an
 * id outside the vocabulary.
 */
export function sequenceModelSpec(manifest: Pick<ModelManifest, 'id' | 'preprocessing'>): SequenceModelSpec {
  const spec = parsePreprocessing(manifest, sequenceModelSchema, 'an autoregressive sequence model');
  const size = spec.vocabulary.length;
  const ids: [string, number][] = [
    ['bos', spec.bos],
    ['eos', spec.eos],
    ...spec.forbidden.map((id, i): [string, number] => [`forbidden.${i}`, id]),
  ];
  for (const [field, id] of ids) {
    if (id >= size)
      throw new InvalidArgumentError(
        'preprocessing',
        `model "${manifest.id}": preprocessing.${field} is token ${id}, outside its ${size}-token vocabulary`,
      );
  }
  return spec;
}
