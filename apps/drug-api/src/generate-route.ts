import { z } from 'zod';
import { HttpError, route, type RouteSpec } from '@strata/service';
import type { Generators } from './generators.js';

const generateRequest = z.object({
  count: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .describe('Molecules to sample (at most 500; more as a design job).'),
  model: z.string().min(1).default('mol-generator').describe('A generator model id.'),
  temperature: z
    .number()
    .positive()
    .max(10)
    .optional()
    .describe("Below 1 sharper, above 1 flatter; default: the model's own (1 unless its manifest says)."),
  topK: z.number().int().min(1).optional().describe('Sample among the k likeliest tokens only.'),
  topP: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("Sample among the likeliest tokens whose probabilities reach p; default: the model's own."),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0)
    .describe('The same seed, the same molecules.'),
  grammar: z
    .boolean()
    .default(true)
    .describe(
      'Sample a SMILES model under the SMILES grammar (only tokens a molecule can take); false: the model alone.',
    ),
});

const generateResponse = z.object({
  model: z.string(),
  molecules: z.array(
    z.object({
      smiles: z.string().describe('The SMILES as sampled.'),
      canonical: z
        .string()
        .nullable()
        .describe('RDKit’s canonical SMILES; null when the sample is no molecule.'),
    }),
  ),
  validity: z.number().describe('The fraction of samples that are molecules.'),
  unique: z.number().int().describe('Distinct valid molecules.'),
  rdkit: z.string(),
});

/** `POST /v1/generate`: a few hundred molecules from a generator, sampled on its own thread. */
export function generateRoute(generators: Generators): RouteSpec {
  return route({
    method: 'post',
    path: '/v1/generate',
    summary: 'Sample up to 500 molecules from a generative model (SMILES or SELFIES language model)',
    tags: ['design'],
    body: generateRequest,
    response: generateResponse,
    errors: ['INVALID_ARGUMENT'],
    example: { body: { count: 20, temperature: 1, seed: 7 } },
    handler: async ({ body, signal }) => {
      if (!generators.ids.includes(body.model))
        throw new HttpError(
          'VALIDATION_FAILED',
          `body.model: no generator "${body.model}"; there are ${generators.ids.join(', ') || 'none'}`,
          {
            extra: { field: 'body.model' },
          },
        );
      const pool = await generators.pool(body.model);
      const { model, count, temperature, seed, topK, topP, grammar } = body;
      const molecules = await pool.sample(
        {
          count,
          seed,
          grammar,
          ...(temperature !== undefined ? { temperature } : {}),
          ...(topK !== undefined ? { topK } : {}),
          ...(topP !== undefined ? { topP } : {}),
        },
        { signal },
      );
      const valid = molecules.filter((m) => m.canonical !== null);
      return {
        model,
        molecules: molecules.map((m) => ({ smiles: m.smiles, canonical: m.canonical })),
        validity: valid.length / molecules.length,
        unique: new Set(valid.map((m) => m.canonical)).size,
        rdkit: pool.rdkitVersion,
      };
    },
  });
}
