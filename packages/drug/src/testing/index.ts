/**
 * `@strata/drug/testing`: paths of the shared reference data, for tests and benchmarks.
 *
 * @packageDocumentation
 */
export { sharedDrugFile, fixtureFile } from './shared-data.js';
export { nciReference, type NciReference } from './nci-reference.js';
