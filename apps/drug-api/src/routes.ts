import {
  DESCRIPTOR_NAMES,
  DrugError,
  morganFingerprint,
  RULE_SETS,
  screenOptions,
  type RDKit,
  type RuleSet,
} from '@strata/drug';
import { HttpError, observeModelRun, route, type RouteSpec, type ServiceMetrics } from '@strata/service';
import { LIBRARY_FINGERPRINT, type MoleculeLibrary } from './libraries.js';
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
}

/** The drug routes: scoring, depictions, libraries and similarity search. */
export function drugRoutes(r: DrugResources, metrics: ServiceMetrics): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/v1/molecules/score',
      summary: 'Score up to 1,000 molecules: one row per input, in order; an invalid one carries its reason',
      tags: ['molecules'],
      body: scoreRequest,
      response: scoreResponse,
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
      query: depictQuery,
      produces: ['image/svg+xml'],
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
    route({
      method: 'get',
      path: '/v1/libraries',
      summary: 'The bundled molecule libraries (for similarity search and screens)',
      tags: ['libraries'],
      response: librariesResponse,
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
      response: similarityResponse,
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
    descriptors: DESCRIPTOR_NAMES.map((name) => ({ name, default: chosen(defaults.descriptors, name) })),
    rules: Object.values(RULE_SETS as Readonly<Record<string, RuleSet>>).map((set) => ({
      name: set.name,
      default: chosen(defaults.rules, set.name),
      rules: set.rules.map(
        (x) =>
          `${x.descriptor}${x.min === undefined ? '' : ` ≥ ${x.min}`}${x.max === undefined ? '' : ` ≤ ${x.max}`}`,
      ),
    })),
    models: [...propertyModels],
  };
}
