import { InvalidArgumentError } from '@strata/core';
import { z } from 'zod';
import { DESCRIPTOR_NAMES } from '../descriptors/descriptors.js';
import { withinLimits } from '../rdkit/within-limits.js';

/** RDKit descriptors written by default: the ones medicinal chemists filter and sort on. */
export const DEFAULT_DESCRIPTORS = [
  'amw',
  'CrippenClogP',
  'tpsa',
  'NumHBD',
  'NumHBA',
  'NumRotatableBonds',
  'NumHeavyAtoms',
  'NumAromaticRings',
  'FractionCSP3',
] as const;

/** The zod schema of a screening's options (JSON, so that a job can carry them). */
export const screenOptionsSchema = z.strictObject({
  /** Standardise each molecule first (salts, largest fragment, neutralise). */
  standardise: z.boolean().default(true),
  /** RDKit descriptors to write: names, or `all` for the 43. */
  descriptors: z
    .union([z.literal('all'), z.array(z.enum(DESCRIPTOR_NAMES))])
    .default([...DEFAULT_DESCRIPTORS]),
  /** Drug-likeness rule sets to apply. */
  rules: z.array(z.enum(['lipinski', 'veber', 'ghose', 'egan'])).default(['lipinski', 'veber']),
  /** Flag PAINS substructures. */
  pains: z.boolean().default(true),
  /** Compute QED. */
  qed: z.boolean().default(true),
  /** Compute the synthetic accessibility score (needs the fragment table: about 2 s to load per thread). */
  sa: z.boolean().default(true),
  /** The user's own substructure alerts. */
  alerts: z.array(z.strictObject({ name: z.string().min(1), smarts: withinLimits('SMARTS') })).default([]),
  /** Morgan fingerprint for similarity. */
  fingerprint: z
    .strictObject({
      radius: z.number().int().min(1).max(6).default(2),
      nBits: z.number().int().min(32).max(16384).multipleOf(32).default(2048),
    })
    .default({ radius: 2, nBits: 2048 }),
  /** Query molecules: each row gets its highest Tanimoto similarity to them and the nearest's id. */
  queries: z.array(z.strictObject({ id: z.string().min(1), smiles: withinLimits('query') })).default([]),
  /** Property models to run (ids in the models directory the screening is given), one column per task. */
  models: z.array(z.string().min(1)).default([]),
  /** How to rank rows for the top-k file: a numeric column, highest first unless `ascending`. */
  rank: z.strictObject({ by: z.string().min(1), ascending: z.boolean().default(false) }).optional(),
  /** Rows in the top-k CSV. */
  topK: z.number().int().min(0).max(100_000).default(100),
});

/** Options of a screening, as given (defaults filled by {@link screenOptions}). */
export type ScreenOptionsInput = z.input<typeof screenOptionsSchema>;
/** Options of a screening, defaults filled. */
export type ScreenOptions = z.output<typeof screenOptionsSchema>;

/** Validates options and fills defaults; throws `INVALID_ARGUMENT` naming the bad field. */
export function screenOptions(input: unknown = {}): ScreenOptions {
  const parsed = screenOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'options';
  throw new InvalidArgumentError(field, `screening option "${field}" is invalid: ${issue.message}`, {
    value: input,
  });
}
