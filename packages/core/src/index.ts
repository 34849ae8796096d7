/**
 * `@strata/core`: the shared inference core of Strata, free of any domain and of Node-only APIs
 * (those are in `@strata/core/node`).
 *
 * @example
 * ```ts
 * import { tensor, createSessionBatcher, isStrataError } from '@strata/core';
 * import { createOrtBackend, ModelRegistry } from '@strata/core/node';
 *
 * const registry = await ModelRegistry.open('models', { backend: createOrtBackend() });
 * const session = await registry.session('my-model');
 * const batcher = createSessionBatcher(session, { maxBatchSize: 64 });
 * try {
 *   const { y } = await batcher.run({ x: tensor('float32', [0.5, 1.5], [1, 2]) });
 * } catch (err) {
 *   if (isStrataError(err, 'FEED_SHAPE')) console.error(err.message);
 * }
 * ```
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './tensor.js';
export * from './float16.js';
export { concatBytes } from './bytes.js';
export type * from './backend.js';
export * from './log.js';
export { parseUtcTime } from './utc-time.js';
export { validateFeeds } from './model/feeds.js';
export {
  manifestSchema,
  parsePreprocessing,
  parseManifest,
  type ModelManifest,
  type ModelManifestInput,
} from './model/manifest.js';
export { checkSignature } from './model/signature.js';
export { MicroBatcher, type MicroBatcherOptions } from './batching/micro-batcher.js';
export {
  createSessionBatcher,
  type SessionBatcher,
  type SessionBatcherOptions,
} from './batching/session-batcher.js';
export * from './arrow/columns.js';
export { csvCell, type CsvCellOptions } from './arrow/csv-cell.js';
export {
  GraphBuilder,
  floatAttr,
  ONNX_DTYPE,
  type AttrValue,
  type BuiltModel,
  type FloatAttr,
  type ToModelOptions,
} from './onnx-proto/graph-builder.js';
export { overrideFreeDimensions } from './onnx-proto/free-dimensions.js';
export { sampleSequences, type SampleOptions, type SampledSequence } from './sequence/sample-sequences.js';
export { sequenceModelSchema, sequenceModelSpec, type SequenceModelSpec } from './sequence/sequence-model.js';
export type { TokenChoice } from './sequence/token-choice.js';
export type { SequenceConstraint } from './sequence/sequence-constraint.js';
export { mulberry32, shuffled } from './random.js';
