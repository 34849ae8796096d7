/**
 * The drug-discovery API as a library: build its app (to serve alone or mount in the gateway) and open
 * the resources it serves with.
 *
 * @example
 * ```ts
 * const resources = await openDrugResources({ threads: 2, modelsDir: 'models', datasetsDir: 'datasets' });
 * const { app } = createDrugApp({ ...resources, uploadsDir: '.strata/uploads', modelsDir: 'models' });
 * ```
 */
export { createDrugApp, type DrugAppDeps } from './app.js';
export { openDrugResources, BUNDLED_LIBRARIES } from './open.js';
export type { DrugResources } from './routes.js';
export type {
  LibrariesResponse,
  ResultColumn,
  ScoreRequest,
  ScoreResponse,
  ScreenCheckRequest,
  ScreenCheckResponse,
  ScreenChoicesResponse,
  ScreenOptionsInput,
  ScreenRequest,
  ScreenSummary,
  SimilarityRequest,
  SimilarityResponse,
} from './schemas.js';
export { drugDomain } from './domain.js';
// A design's options, generations and summary, as clients of the design routes (the console) type them.
export type { DesignOptionsInput, GenerationStats } from '@strata/drug';
export type { DesignJobResult } from '@strata/drug/node';
