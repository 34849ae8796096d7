// The objective language of molecule design, as JSON: what a design job optimises, validated by zod at
// the API edge and again at job entry, in the vocabulary screens use (descriptor names, rule sets,
// property-model ids, SMARTS alerts).
import { InvalidArgumentError } from '@strata/core';
import { z } from 'zod';
import { DESCRIPTOR_NAMES } from '../../descriptors/descriptors.js';
import { withinLimits } from '../../rdkit/within-limits.js';

/**
 * How a value becomes a desirability in [0, 1]: `maximise` rises linearly from `low` to `high`,
 * `minimise` falls from `low` to `high`, `range` is 1 between `min` and `max` and falls linearly to 0
 * over `tolerance` outside, `target` is a Gaussian of width `sigma` around `value` (GuacaMol's modifiers).
 */
export const desirabilitySchema = z.discriminatedUnion('goal', [
  z
    .strictObject({ goal: z.literal('maximise'), low: z.number().default(0), high: z.number().default(1) })
    .refine((d) => d.low <= d.high, { message: 'low must not exceed high', path: ['low'] }),
  z
    .strictObject({ goal: z.literal('minimise'), low: z.number().default(0), high: z.number().default(1) })
    .refine((d) => d.low <= d.high, { message: 'low must not exceed high', path: ['low'] }),
  z
    .strictObject({
      goal: z.literal('range'),
      min: z.number(),
      max: z.number(),
      /** How far outside the range the desirability reaches 0. @defaultValue half the range's width, or 1 */
      tolerance: z.number().positive().optional(),
    })
    .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['min'] }),
  z.strictObject({ goal: z.literal('target'), value: z.number(), sigma: z.number().positive() }),
]);

/** A fingerprint to compare molecules by: Morgan counts (GuacaMol's ECFP4 is radius 2) or folded bits. */
export const similarityFingerprintSchema = z
  .strictObject({
    type: z.enum(['counts', 'bits']).default('counts'),
    radius: z.number().int().min(1).max(4).default(2),
    /** Bits of the folded fingerprint (type `bits` only). */
    nBits: z.number().int().min(32).max(16384).multipleOf(32).default(2048),
  })
  .default({ type: 'counts', radius: 2, nBits: 2048 });

const weight = z.number().positive().max(1000).default(1);

/** One term of an objective: what is measured and how much it counts. */
export const termSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('similarity'),
    /** Target molecules: the term measures the highest Tanimoto similarity to any of them. */
    targets: z.array(withinLimits('target')).min(1).max(100),
    fingerprint: similarityFingerprintSchema,
    desirability: desirabilitySchema.default({ goal: 'maximise', low: 0, high: 1 }),
    weight,
  }),
  z.strictObject({
    kind: z.literal('qed'),
    desirability: desirabilitySchema.default({ goal: 'maximise', low: 0, high: 1 }),
    weight,
  }),
  z.strictObject({
    kind: z.literal('sa'),
    /** SA scores run from 1 (easy to make) to 10 (hard): by default 1 at 1, 0 at 10. */
    desirability: desirabilitySchema.default({ goal: 'minimise', low: 1, high: 10 }),
    weight,
  }),
  z.strictObject({
    kind: z.literal('descriptor'),
    name: z.enum(DESCRIPTOR_NAMES),
    desirability: desirabilitySchema,
    weight,
  }),
  z.strictObject({
    kind: z.literal('model'),
    /** A property model's id, as screens name them. */
    model: z.string().min(1),
    /** Its task (output); the only one when the model has one. */
    task: z.string().min(1).optional(),
    desirability: desirabilitySchema,
    weight,
  }),
]);

const pattern = z.strictObject({ name: z.string().min(1).max(200), smarts: withinLimits('SMARTS') });

/** Hard constraints: a molecule that breaks one scores 0 and is never kept among the best. */
export const constraintsSchema = z
  .strictObject({
    /** No PAINS alert. */
    noPains: z.boolean().default(false),
    /** None of the NIBR medicinal-chemistry exclusions. */
    noMedchemExclusions: z.boolean().default(false),
    /** Rule sets every molecule must pass. */
    rules: z.array(z.enum(['lipinski', 'veber', 'ghose', 'egan'])).default([]),
    /** Substructures every molecule must hold. */
    require: z.array(pattern).max(50).default([]),
    /** Substructures no molecule may hold. */
    forbid: z.array(pattern).max(50).default([]),
    /** A floor of similarity to a molecule (lead optimisation's analogues). */
    similarTo: z
      .strictObject({
        smiles: withinLimits('molecule'),
        min: z.number().min(0).max(1),
        fingerprint: similarityFingerprintSchema,
      })
      .optional(),
  })
  .default({ noPains: false, noMedchemExclusions: false, rules: [], require: [], forbid: [] });

/** A design objective: terms combined into one score in [0, 1], and hard constraints. */
export const objectiveSchema = z.strictObject({
  terms: z.array(termSchema).min(1).max(20),
  /** `product`: the weighted geometric mean of the desirabilities (every term must be met); `sum`: their weighted mean. */
  combine: z.enum(['product', 'sum']).default('product'),
  constraints: constraintsSchema,
});

/** An objective as given (defaults not filled). */
export type ObjectiveInput = z.input<typeof objectiveSchema>;
/** An objective with its defaults filled. */
export type Objective = z.output<typeof objectiveSchema>;
/** One term of an objective. */
export type ObjectiveTerm = Objective['terms'][number];
/** A fingerprint a similarity is measured by. */
export type SimilarityFingerprint = z.output<typeof similarityFingerprintSchema>;
/** A desirability function. */
export type Desirability = z.output<typeof desirabilitySchema>;

/** Validates an objective and fills defaults; throws `INVALID_ARGUMENT` naming the bad field (`terms.0.name`). */
export function objectiveOf(input: unknown): Objective {
  const parsed = objectiveSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'objective';
  throw new InvalidArgumentError(field, `objective field "${field}" is invalid: ${issue.message}`, {
    value: input,
  });
}

/** The column names of an objective's terms, in order, made unique (`similarity`, `similarity_2`). */
export function termNames(objective: Objective): string[] {
  const seen = new Map<string, number>();
  return objective.terms.map((t) => {
    const base =
      t.kind === 'descriptor'
        ? t.name
        : t.kind === 'model'
          ? `${t.model}${t.task ? `_${t.task}` : ''}`
          : t.kind === 'sa'
            ? 'sa_score'
            : t.kind;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** The desirability of a value: in [0, 1], 0 for a value that is not a number. */
export function desirabilityOf(d: Desirability, x: number): number {
  if (!Number.isFinite(x)) return 0;
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  switch (d.goal) {
    case 'maximise':
      return d.high === d.low ? Number(x >= d.high) : clip((x - d.low) / (d.high - d.low));
    case 'minimise':
      return d.high === d.low ? Number(x <= d.low) : clip((d.high - x) / (d.high - d.low));
    case 'range': {
      const tolerance = d.tolerance ?? ((d.max - d.min) / 2 || 1);
      const outside = x < d.min ? d.min - x : x > d.max ? x - d.max : 0;
      return clip(1 - outside / tolerance);
    }
    case 'target':
      return Math.exp(-0.5 * ((x - d.value) / d.sigma) ** 2);
  }
}
