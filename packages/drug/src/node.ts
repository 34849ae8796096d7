/**
 * `@strata/drug/node`: the parts of @strata/drug that use the file system.
 *
 * @example
 * ```ts
 * import { openMolecules } from '@strata/drug/node';
 * for await (const r of openMolecules('library.sdf.gz')) console.log(r.position, r.id);
 * ```
 *
 * @packageDocumentation
 */
export { openMolecules } from './open-molecules.js';
export {
  planMoleculeShards,
  readMoleculeShard,
  readFileRange,
  type MoleculeShard,
  type MoleculeShardPlan,
  type PlanMoleculeShardsOptions,
  type ReadMoleculeShardOptions,
  type ReadBytes,
} from './molecule-shards.js';
export { loadSaScorer } from './load-sa-scorer.js';
export { DRUG_JOBS } from './jobs/handlers.js';
export type { ScreenJobInput, ScreenJobResult } from './jobs/screen.job.js';
export { createScreenPool, type ScreenPool } from './screening/screen-pool.js';
export type { DesignJobInput, DesignJobResult, DesignStop } from './jobs/design.job.js';
export { ObjectiveScorer, type ScoredMolecule } from './design/objective/objective-scorer.js';
export { createDesignPool, type DesignPool } from './design/design-pool.js';
export { readGenerations } from './design/design-results.js';
export { createGeneratorPool, type GeneratorPool } from './design/generator-pool.js';
