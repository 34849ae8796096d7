import { z } from 'zod';
import { DrugError, morganFingerprint, screenOptionsSchema, type RDKit } from '@strata/drug';
import { HttpError, observeModelRun, route, type RouteSpec, type ServiceMetrics } from '@strata/service';
import { LIBRARY_FINGERPRINT, type MoleculeLibrary } from './libraries.js';
import type { ScorePools } from './score-pools.js';

/** What the drug routes work with. */
export interface DrugResources {
  /** RDKit on the main thread: depictions and query fingerprints only (each a few milliseconds). */
  readonly rdkit: RDKit;
  readonly pools: ScorePools;
  readonly libraries: ReadonlyMap<string, MoleculeLibrary>;
}

const smiles = z.string().min(1).max(2000);

const scoreRequest = z.object({
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

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const similarityRequest = z.object({
  query: smiles.describe('The query molecule.'),
  library: z.string().default('nci-5k').describe('A bundled library id (GET /v1/libraries).'),
  threshold: z.number().min(0).max(1).default(0.3),
  k: z.number().int().min(1).max(1000).default(10),
  metric: z.enum(['tanimoto', 'dice']).default('tanimoto'),
});

/** The drug routes: scoring, depictions, libraries and similarity search. */
export function drugRoutes(r: DrugResources, metrics: ServiceMetrics): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/v1/molecules/score',
      summary: 'Score up to 1,000 molecules: one row per input, in order; an invalid one carries its reason',
      tags: ['molecules'],
      body: scoreRequest,
      response: z.object({
        columns: z.array(z.object({ name: z.string(), type: z.enum(['int', 'float', 'string', 'bool']) })),
        rows: z.array(z.record(z.string(), cell)),
        rdkit: z.string(),
      }),
      handler: async ({ body }) => {
        const { pool } = r.pools.pool(body.options);
        const records = body.molecules.map((m, i) => ({
          position: i + 1,
          id: typeof m === 'string' ? null : (m.id ?? null),
          molecule: typeof m === 'string' ? m : m.smiles,
          fields: {},
        }));
        const p = await pool;
        const rows = await observeModelRun(metrics, 'screen', records.length, () => p.screen(records));
        return { columns: p.columns, rows, rdkit: p.rdkitVersion };
      },
    }),
    route({
      method: 'get',
      path: '/v1/molecules/depict',
      summary: 'A 2D depiction of a molecule as SVG',
      tags: ['molecules'],
      query: z.object({
        smiles,
        width: z.coerce.number().int().min(50).max(2000).default(300),
        height: z.coerce.number().int().min(50).max(2000).default(200),
      }),
      produces: ['image/svg+xml'],
      handler: ({ query, res }) => {
        const svg = r.rdkit.withMol(query.smiles, (m) => m.get_svg(query.width, query.height));
        if (svg === null)
          throw new DrugError('INVALID_MOLECULE', `RDKit cannot parse "${query.smiles}"`, { context: {} });
        res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(svg);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/v1/libraries',
      summary: 'The bundled molecule libraries (for similarity search and screens)',
      tags: ['libraries'],
      response: z.object({
        libraries: z.array(z.object({ id: z.string(), molecules: z.number(), fingerprint: z.string() })),
      }),
      handler: () => ({
        libraries: [...r.libraries.values()].map((l) => ({
          id: l.id,
          molecules: l.size,
          unparsed: l.unparsed,
          fingerprint: `Morgan radius ${LIBRARY_FINGERPRINT.radius}, ${LIBRARY_FINGERPRINT.nBits} bits`,
        })),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/similarity',
      summary: 'The library molecules most similar to a query (Morgan fingerprints), best first',
      tags: ['libraries'],
      body: similarityRequest,
      response: z.object({
        library: z.string(),
        hits: z.array(
          z.object({
            rank: z.number(),
            id: z.string().nullable(),
            smiles: z.string(),
            similarity: z.number(),
          }),
        ),
      }),
      handler: ({ body }) => {
        const library = r.libraries.get(body.library);
        if (!library)
          throw new HttpError(
            'VALIDATION_FAILED',
            `body.library: no library "${body.library}"; there are ${[...r.libraries.keys()].join(', ')}`,
            {
              extra: { field: 'body.library' },
            },
          );
        const fp = r.rdkit.withMol(body.query, (m) => morganFingerprint(m, LIBRARY_FINGERPRINT));
        if (!fp)
          throw new DrugError('INVALID_MOLECULE', `RDKit cannot parse the query "${body.query}"`, {
            context: {},
          });
        const hits = library.fingerprints.search(fp, {
          k: body.k,
          threshold: body.threshold,
          metric: body.metric,
        });
        return {
          library: library.id,
          hits: hits.map((h, i) => ({
            rank: i + 1,
            id: library.ids[h.index] ?? null,
            smiles: library.smiles[h.index]!,
            similarity: h.similarity,
          })),
        };
      },
    }),
  ];
}
