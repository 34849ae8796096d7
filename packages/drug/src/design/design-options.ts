// What a design run is asked for, as JSON (a job's input carries it): the objective, where the first
// population comes from, the optimiser's settings and the budget.
import { InvalidArgumentError } from '@strata/core';
import { z } from 'zod';
import { withinLimits } from '../rdkit/within-limits.js';
import { objectiveSchema, similarityFingerprintSchema } from './objective/objective-schema.js';

const molecule = withinLimits('molecule');

/** Where the first population comes from. */
export const seedsSchema = z.union([
  /** Molecules given (SMILES): the best-scoring of them start. */
  z.strictObject({ molecules: z.array(molecule).min(1).max(100_000) }),
  /** A molecule file (SMILES, CSV, SD, maybe gzipped) on the worker: the best-scoring of its molecules start. */
  z.strictObject({ library: z.string().min(1), name: z.string().optional() }),
  /** Molecules sampled from a generative model (`mol-generator` by default): the best-scoring start. */
  z.strictObject({
    generate: z.strictObject({
      count: z.number().int().min(1).max(100_000),
      model: z.string().min(1).default('mol-generator'),
      /** The model's own (its manifest's `sampling`, else 1) when absent. */
      temperature: z.number().positive().max(10).optional(),
    }),
  }),
]);

/** A design run's options (the zod schema). */
export const designOptionsSchema = z
  .strictObject({
    objective: objectiveSchema,
    /** Molecules the optimiser may score (its offspring; the seeds are scored besides). */
    budget: z.number().int().min(1).max(1_000_000).default(10_000),
    seeds: seedsSchema.optional(),
    /**
     * Lead optimisation: start from this molecule alone and keep only analogues at least `minSimilarity`
     * like it (a hard constraint added to the objective). Replaces `seeds`.
     */
    lead: z
      .strictObject({
        smiles: molecule,
        minSimilarity: z.number().min(0).max(1).default(0.4),
        fingerprint: similarityFingerprintSchema,
      })
      .optional(),
    /** Molecules kept from one generation to the next (the best, each once). @defaultValue 100 (GuacaMol) */
    population: z.number().int().min(2).max(10_000).default(100),
    /** Children made per generation. @defaultValue 200 (GuacaMol) */
    offspring: z.number().int().min(1).max(50_000).default(200),
    /**
     * Chance that a child of a crossover is also mutated. @defaultValue 0.01 (GuacaMol's Graph GA), or 0.5
     * in lead optimisation, where a single start molecule makes mutations the only source of new atoms
     */
    mutationRate: z.number().min(0).max(1).optional(),
    /** Generations without any change to the population before stopping early; none: run the whole budget. */
    patience: z.number().int().min(1).max(10_000).optional(),
    /** The best molecules written as results. */
    keep: z.number().int().min(1).max(100_000).default(100),
    /** The same seed, options and objective give the same molecules, whatever the number of threads. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
  })
  .refine((o) => !(o.seeds && o.lead), { message: 'give seeds or a lead, not both', path: ['lead'] })
  .refine((o) => o.seeds || o.lead, {
    message: 'give seeds (molecules, a library or generate) or a lead',
    path: ['seeds'],
  });

/** A design run's options as given. */
export type DesignOptionsInput = z.input<typeof designOptionsSchema>;
/** A design run's options with their defaults filled, the lead's floor added to the objective. */
export type DesignOptions = z.output<typeof designOptionsSchema> & { readonly mutationRate: number };

/** Validates a design run's options and fills defaults; throws `INVALID_ARGUMENT` naming the bad field. */
export function designOptions(input: unknown): DesignOptions {
  const parsed = designOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'options';
    throw new InvalidArgumentError(field, `design option "${field}" is invalid: ${issue.message}`, {
      value: input,
    });
  }
  const o = parsed.data;
  if (!o.lead) return { ...o, mutationRate: o.mutationRate ?? 0.01 };
  const { smiles, minSimilarity: min, fingerprint } = o.lead;
  return {
    ...o,
    mutationRate: o.mutationRate ?? 0.5,
    objective: {
      ...o.objective,
      constraints: { ...o.objective.constraints, similarTo: { smiles, min, fingerprint } },
    },
  };
}
