import {
  DESCRIPTOR_LABELS,
  DESCRIPTOR_NAMES,
  DrugError,
  modelColumns,
  morganFingerprint,
  RULE_SETS,
  screenOptions,
  type RDKit,
  type RuleSet,
} from '@strata/drug';
import { HttpError, observeModelRun, route, type RouteSpec, type ServiceMetrics } from '@strata/service';
import { checkOptionsRoute, checkScreenOptions } from './check-options.js';
import { ASPIRIN, CAFFEINE, MOLECULE_ERRORS } from './doc-examples.js';
import { LIBRARY_FINGERPRINT, type MoleculeLibrary } from './libraries.js';
import type { Generators } from './generators.js';
import type { PropertyModelChoice } from './property-models.js';
import {
  depictQuery,
  librariesResponse,
  scoreRequest,
  scoreResponse,
  screenChoicesResponse,
  type ScreenChoicesResponse,
  similarityRequest,
  similarityResponse,
} from './schemas.js';
import type { ScorePools } from './score-pools.js';

/** What the drug routes work with. */
export interface DrugResources {
  /**
   * RDKit on the main thread: depictions and query fingerprints only (each a few milliseconds), each
   * through `use` so that an instance a molecule broke is renewed before the next request's call.
   */
  readonly rdkit: RDKit;
  readonly pools: ScorePools;
  readonly libraries: ReadonlyMap<string, MoleculeLibrary>;
  /** The property models in the models directory. */
  readonly propertyModels: readonly PropertyModelChoice[];
  /** The molecule generators in the models directory. */
  readonly generators: Generators;
}

/** The drug routes: scoring, depictions, libraries, similarity search and checking a screen's options. */
export function drugRoutes(r: DrugResources, metrics: ServiceMetrics): RouteSpec[] {
  const firstLibrary = [...r.libraries.keys()][0];
  return [
    route({
      method: 'post',
      path: '/v1/molecules/score',
      summary: 'Score up to 1,000 molecules: one row per input, in order; an invalid one carries its reason',
      tags: ['molecules'],
      body: scoreRequest,
      response: scoreResponse,
      errors: MOLECULE_ERRORS,
      example: {
        body: {
          molecules: [ASPIRIN, { id: 'caffeine', smiles: CAFFEINE }],
          options: { descriptors: ['amw', 'CrippenClogP', 'tpsa', 'NumHBD', 'NumHBA'], rules: ['lipinski'] },
        },
      },
      handler: async ({ body }) => {
        // Models this server has, and query molecules RDKit reads: a 400 naming the field, not a failed pool.
        await checkScreenOptions(r, body.options, 'body.options');
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
      query: depictQuery,
      produces: ['image/svg+xml'],
      errors: ['INVALID_MOLECULE', 'MOLECULE_TOO_LARGE', 'MOLECULE_UNSUPPORTED', 'RDKIT_FAILED'],
      example: { query: { smiles: ASPIRIN, width: 300, height: 200 } },
      handler: async ({ query, res, signal }) => {
        // On a scoring thread: a large molecule's layout would hold up every request on this one.
        const pool = await r.pools.pool({}).pool;
        const svg = await pool.depict(query.smiles, { width: query.width, height: query.height }, { signal });
        if (svg === null)
          throw new DrugError('INVALID_MOLECULE', `RDKit cannot parse "${query.smiles}"`, { context: {} });
        res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(svg);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/v1/screen-options',
      summary: 'What a screen can compute: descriptors, drug-likeness rule sets and property models',
      tags: ['screens'],
      response: screenChoicesResponse,
      handler: () => screenChoices(r.propertyModels),
    }),
    checkOptionsRoute(r),
    route({
      method: 'get',
      path: '/v1/libraries',
      summary: 'The bundled molecule libraries (for similarity search and screens)',
      tags: ['libraries'],
      response: librariesResponse,
      handler: () => ({
        libraries: [...r.libraries.values()].map((l) => ({
          id: l.id,
          molecules: l.records,
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
      response: similarityResponse,
      errors: ['INVALID_MOLECULE', 'MOLECULE_TOO_LARGE', 'MOLECULE_UNSUPPORTED', 'RDKIT_FAILED'],
      ...(firstLibrary ? { example: { body: { query: ASPIRIN, library: firstLibrary, k: 5 } } } : {}),
      handler: async ({ body }) => {
        const library = r.libraries.get(body.library);
        if (!library)
          throw new HttpError(
            'VALIDATION_FAILED',
            `body.library: no library "${body.library}"; there are ${[...r.libraries.keys()].join(', ')}`,
            {
              extra: { field: 'body.library' },
            },
          );
        const fp = await r.rdkit.use((rdkit) =>
          rdkit.withMol(body.query, (m) => morganFingerprint(m, LIBRARY_FINGERPRINT)),
        );
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

/** What a screen can compute, with the defaults marked. */
function screenChoices(propertyModels: readonly PropertyModelChoice[]): ScreenChoicesResponse {
  const defaults = screenOptions({});
  const chosen = (list: readonly string[] | 'all', name: string) => list === 'all' || list.includes(name);
  return {
    descriptors: DESCRIPTOR_NAMES.map((name) => ({
      name,
      default: chosen(defaults.descriptors, name),
      ...DESCRIPTOR_LABELS[name],
    })),
    rules: Object.values(RULE_SETS as Readonly<Record<string, RuleSet>>).map((set) => ({
      name: set.name,
      default: chosen(defaults.rules, set.name),
      // By label and name: Lipinski's acceptors are the N + O count (lipinskiHBA), not the H-bond acceptors.
      rules: set.rules.map(
        (x) =>
          `${DESCRIPTOR_LABELS[x.descriptor].label} (${x.descriptor})${x.min === undefined ? '' : ` ≥ ${x.min}`}${x.max === undefined ? '' : ` ≤ ${x.max}`}`,
      ),
    })),
    models: propertyModels.map((m) => ({
      id: m.id,
      description: m.description,
      columns: modelColumns({ id: m.id, spec: m.spec }),
    })),
  };
}
