/**
 * `@strata/service/testing`: helpers for tests of Strata's HTTP services.
 *
 * @example
 * ```ts
 * import { postChunks, repeat } from '@strata/service/testing';
 * const res = await postChunks(`${base}/v1/screens`, { 'content-type': 'text/csv' }, repeat(row, 4096));
 * ```
 *
 * @packageDocumentation
 */
export { postChunks, repeat, type ChunkedAnswer } from './post-chunks.js';
export { listenLocal, type LocalServer } from './listen-local.js';
