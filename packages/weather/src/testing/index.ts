/**
 * `@strata/weather/testing`: stand-in models with real contracts, and the grid-source contract suite.
 *
 * @example
 * ```ts
 * import { panguContractModel } from '@strata/weather/testing';
 * const bytes = panguContractModel(24); // the exact Pangu-Weather contract, no weights
 * ```
 *
 * @packageDocumentation
 */
export { advectionModel, panguContractModel, miniSpec, writeAdvectionModels } from './advection-model.js';
export { runGridSourceContract, type Opener, type Reference } from './grid-source-contract.js';
export { sharedWeatherFile, fixtureFile } from './shared-data.js';
export { writeLongAxesFile } from '../sources/long-axes-file.js';
export {
  writeClassic,
  withField,
  type ClassicSpec,
  type ClassicFile,
  type ClassicType,
  type ClassicAttribute,
} from './classic-writer.js';
