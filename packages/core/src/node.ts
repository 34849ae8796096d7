/**
 * `@strata/core/node`: the parts of the core that need Node.js: the ONNX Runtime backend, the model
 * registry (files), the embedded job queue (worker threads, files) and a JSON logger.
 *
 * @example
 * ```ts
 * import { createOrtBackend, ModelRegistry, EmbeddedJobQueue, createJsonLogger } from '@strata/core/node';
 * const logger = createJsonLogger({ name: 'my-service' });
 * const registry = await ModelRegistry.open('models', { backend: createOrtBackend({ logger }), logger });
 * ```
 *
 * @packageDocumentation
 */
export { createOrtBackend, type OrtBackendOptions } from './onnx/ort-backend.js';
export { createThreadedBackend, type ThreadedBackendOptions } from './threads/threaded-backend.js';
export { ModelRegistry, sha256File, type ModelEntry, type ModelRegistryOptions } from './model/registry.js';
export { EmbeddedJobQueue, type EmbeddedJobQueueOptions } from './jobs/embedded/embedded-queue.js';
// The parts every JobQueue implementation shares: handler threads, the job record and an attempt's end.
export {
  handlerModuleUrl,
  HandlerThreads,
  type ThreadRun,
  type ThreadRunHooks,
} from './jobs/handler-threads.js';
export { newJobRecord, type JobRecord } from './jobs/job-record.js';
export { defineShardedJob } from './jobs/sharded-run.js';
export { endOfAttempt, progressOf, type Attempt, type AttemptOutcome } from './jobs/lifecycle.js';
export { createJsonLogger, type JsonLoggerOptions } from './json-logger.js';
export { ArrowParts } from './arrow/arrow-parts.js';
export { DirectoryPartsStore, type PartsStore } from './arrow/parts-store.js';
