import { z } from 'zod';
import { MOLECULE_LIMITS, moleculeSizeProblem, screenOptionsSchema } from '@strata/drug';

/**
 * Refuses a molecule past the limits RDKit is given (MOLECULE_LIMITS), so that a giant molecule is a
 * 400 naming the limit before any thread sees it.
 */
function withinLimits(text: string, ctx: z.RefinementCtx): void {
  const problem = moleculeSizeProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

const LIMITS = `at most ${MOLECULE_LIMITS.maxSmilesLength} characters, ${MOLECULE_LIMITS.maxHeavyAtoms} heavy atoms and ${MOLECULE_LIMITS.maxRings} rings`;

/** A molecule as a request gives it: a SMILES (or a molblock, held to its atoms, not its length). */
const smiles = z.string().min(1).max(100_000).superRefine(withinLimits).describe(`A SMILES of ${LIMITS}.`);

/** `POST /v1/molecules/score`. */
export const scoreRequest = z.object({
  molecules: z
    .array(z.union([smiles, z.object({ id: z.string().max(200).optional(), smiles })]))
    .min(1)
    .max(1000)
    .describe('SMILES strings, or {id, smiles}; up to 1,000 (screen more as a job: POST /v1/screens).'),
  // A screen's options, but SA off unless asked for: its fragment table takes 2 s to load per thread.
  options: screenOptionsSchema
    .extend({ sa: z.boolean().default(false) })
    .prefault({})
    .describe('What to compute: descriptors, rule sets, PAINS, QED, SA, alerts, queries, property models.'),
});
export type ScoreRequest = z.input<typeof scoreRequest>;

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A column of results: its name (as files and rows name it), type, and how people see it. */
export const resultColumn = z.object({
  name: z.string(),
  type: z.enum(['int', 'float', 'string', 'bool']),
  label: z.string().describe('A readable label, e.g. `H-bond acceptors` for `NumHBA`.'),
  units: z.string().optional().describe('Units, e.g. `Å²`, `log10(mol/L)`; absent for counts and scores.'),
  description: z
    .string()
    .optional()
    .describe('What exactly it is (its name in Python’s RDKit where it differs).'),
});
export type ResultColumn = z.infer<typeof resultColumn>;

/** A table of rows with typed columns, as the score route and a screen's result pages answer. */
export const scoreResponse = z.object({
  columns: z.array(resultColumn),
  rows: z.array(z.record(z.string(), cell)),
  rdkit: z.string(),
});
export type ScoreResponse = z.infer<typeof scoreResponse>;

/** `GET /v1/depict`'s query. */
export const depictQuery = z.object({
  smiles,
  width: z.coerce.number().int().min(50).max(2000).default(300),
  height: z.coerce.number().int().min(50).max(2000).default(200),
});

/** `POST /v1/similarity`. */
export const similarityRequest = z.object({
  query: smiles.describe('The query molecule.'),
  library: z.string().default('nci-5k').describe('A bundled library id (GET /v1/libraries).'),
  threshold: z.number().min(0).max(1).default(0.3),
  k: z.number().int().min(1).max(1000).default(10),
  metric: z.enum(['tanimoto', 'dice']).default('tanimoto'),
});
export type SimilarityRequest = z.input<typeof similarityRequest>;

export const similarityResponse = z.object({
  library: z.string(),
  hits: z.array(
    z.object({ rank: z.number(), id: z.string().nullable(), smiles: z.string(), similarity: z.number() }),
  ),
});
export type SimilarityResponse = z.infer<typeof similarityResponse>;

export const librariesResponse = z.object({
  libraries: z.array(
    z.object({
      id: z.string(),
      molecules: z
        .number()
        .describe('Molecules in the file: the records its reader yields, each a row of a screen of it.'),
      unparsed: z
        .number()
        .describe(
          'Of those, the ones RDKit cannot read: error rows in a screen, left out of similarity searches.',
        ),
      fingerprint: z.string(),
    }),
  ),
});
export type LibrariesResponse = z.infer<typeof librariesResponse>;

/** `POST /v1/screens` as JSON: a bundled library or SMILES, and the pipeline's options. */
export const screenRequest = z.object({
  library: z.string().optional().describe('A bundled library id (GET /v1/libraries).'),
  molecules: z
    .array(
      z
        .string()
        .min(1)
        // One entry is one molecule: a line break would split it into several rows.
        .regex(/^[^\r\n]*$/, { error: 'one molecule per entry: no line breaks' })
        .superRefine(withinLimits),
    )
    .min(1)
    .max(1_000_000)
    .optional()
    .describe(`SMILES to screen, each \`SMILES\` or \`SMILES id\` (${LIMITS}).`),
  options: screenOptionsSchema.partial().default({}),
  name: z.string().max(200).optional(),
});
export type ScreenRequest = z.input<typeof screenRequest>;
/** The pipeline options of a screen, as a client sends them. */
export type ScreenOptionsInput = NonNullable<ScreenRequest['options']>;

/** `GET /v1/screen-options`: the choices a screen offers. */
export const screenChoicesResponse = z.object({
  descriptors: z.array(
    z.object({
      name: z.string(),
      default: z.boolean(),
      label: z.string(),
      units: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  rules: z.array(z.object({ name: z.string(), default: z.boolean(), rules: z.array(z.string()) })),
  models: z
    .array(z.object({ id: z.string(), description: z.string(), columns: z.array(resultColumn) }))
    .describe('Property models to run (one column per task).'),
});
export type ScreenChoicesResponse = z.infer<typeof screenChoicesResponse>;

/** `POST /v1/screen-options/check`: a screen's options, checked as a screen would check them. */
export const screenCheckRequest = z.object({
  options: screenOptionsSchema.partial().default({}),
});
export type ScreenCheckRequest = z.input<typeof screenCheckRequest>;

export const screenCheckResponse = z.object({
  valid: z.literal(true),
  columns: z.array(resultColumn).describe('The columns a screen with these options writes.'),
});
export type ScreenCheckResponse = z.infer<typeof screenCheckResponse>;

/** The `summary` of a finished screen: its counts and columns (labelled). A type, so that it is JSON. */
export type ScreenSummary = {
  rows: number;
  failed: number;
  columns: ResultColumn[];
  rdkit: string;
};
