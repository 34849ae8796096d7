import type { JobQueue } from '@strata/jobs';
import { createMetrics, createService, type Service, type ServiceSettings } from '@strata/service';
import { drugRoutes, type DrugResources } from './routes.js';
import { designResults, designRoutes, designSummary } from './designs.js';
import { generateRoute } from './generate-route.js';
import { screenResults, screenRoutes, screenSummary } from './screens.js';
import { DRUG_STATUSES } from './statuses.js';

/** The job kinds the drug API serves. */
const JOB_KINDS: readonly string[] = ['drug.screen', 'drug.design'];

/** What the drug app serves with. */
export interface DrugAppDeps extends DrugResources {
  /** The job queue with the `drug.screen` handler; without one there are no screens. */
  readonly queue?: JobQueue;
  /** Where uploaded molecule files are kept (every worker must reach it). */
  readonly uploadsDir: string;
  /** Where the property models named in options are. */
  readonly modelsDir: string;
  readonly uploadLimitBytes?: number;
  /** Logger, metrics (the gateway shares one set), API keys and limits. @defaultValue none, new metrics */
  readonly service?: ServiceSettings;
}

/**
 * The drug-discovery API, built without listening: scoring, depictions, similarity search, screening
 * jobs and the shared job routes, with the service kit's health, metrics, OpenAPI document and docs.
 *
 * @example
 * ```ts
 * const resources = await openDrugResources({ threads: 2, modelsDir: 'models', datasetsDir: 'datasets' });
 * const { app } = createDrugApp({ ...resources, uploadsDir: '.strata/uploads', modelsDir: 'models' });
 * ```
 */
export function createDrugApp(deps: DrugAppDeps): Service {
  const { queue } = deps;
  const metrics =
    deps.service?.metrics ??
    createMetrics({ app: 'drug', ...(queue ? { queue, jobKinds: (k) => JOB_KINDS.includes(k) } : {}) });
  const screens = screenSummary(deps.propertyModels);
  return createService({
    ...deps.service,
    metrics,
    domain: 'drug',
    statuses: DRUG_STATUSES,
    uploadsDir: deps.uploadsDir,
    info: {
      title: 'Strata drug discovery',
      version: '1',
      description:
        'Molecule scoring with RDKit (descriptors, drug-likeness, PAINS, QED, SA, property models), depictions, similarity search, screening jobs, and molecule design (a generator, and design jobs that optimise an objective).',
    },
    routes: [
      ...drugRoutes(deps, metrics),
      generateRoute(deps.generators),
      ...(queue ? designRoutes({ ...deps, queue }) : []),
      ...(queue
        ? screenRoutes({
            queue,
            libraries: deps.libraries,
            uploadsDir: deps.uploadsDir,
            modelsDir: deps.modelsDir,
            maxUploadBytes: deps.uploadLimitBytes ?? 512 * 2 ** 20,
            rdkit: deps.rdkit,
            propertyModels: deps.propertyModels,
          })
        : []),
    ],
    ...(queue
      ? {
          jobs: {
            queue,
            kinds: JOB_KINDS,
            results: { 'drug.screen': screenResults, 'drug.design': designResults },
            summary: (job) => (job.kind === 'drug.design' ? designSummary(job) : screens(job)),
          },
        }
      : {}),
    readiness: [
      { name: 'rdkit', check: () => deps.rdkit.version.length > 0 },
      { name: 'libraries', check: () => deps.libraries.size > 0 },
    ],
  });
}
