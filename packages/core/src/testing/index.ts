/**
 * `@strata/core/testing`: fixtures and contract suites for Strata's own tests and for implementers of
 * its interfaces (a new `Backend`). Needs vitest.
 *
 * @example
 * ```ts
 * import { mlpModel, manifestFor, writeModelDir } from '@strata/core/testing';
 * const dir = await writeModelDir([{ folder: 'mlp', model: mlpModel().model, manifest: manifestFor('mlp', mlpModel().model, io) }]);
 * ```
 *
 * @packageDocumentation
 */
export * from './fixture-models.js';
export * from './golden.js';
export * from './reference-ops.js';
export * from './capture-logger.js';
export * from './model-dir.js';
export { createGatedBackend } from './gated-backend.js';
export { publicDeclarations } from './public-api.js';
export { describePublicApi, type PublicEntry } from './public-api-suite.js';
