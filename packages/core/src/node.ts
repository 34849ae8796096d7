/**
 * `@strata/core/node`: the parts of the core that need Node.js: the ONNX Runtime backend, the model
 * registry (files), result parts on disk and a JSON logger.
 *
 * @example
 * ```ts
 * import { createOrtBackend, ModelRegistry, createJsonLogger } from '@strata/core/node';
 * const logger = createJsonLogger({ name: 'my-service' });
 * const registry = await ModelRegistry.open('models', { backend: createOrtBackend({ logger }), logger });
 * ```
 *
 * @packageDocumentation
 */
export { createOrtBackend, type OrtBackendOptions } from './onnx/ort-backend.js';
export { createThreadedBackend, type ThreadedBackendOptions } from './threads/threaded-backend.js';
export { ModelRegistry, type ModelEntry, type ModelRegistryOptions } from './model/registry.js';
export { ModelCatalog, sha256File, type CatalogEntry } from './model/catalog.js';
export { createJsonLogger, type JsonLoggerOptions } from './json-logger.js';
export { ArrowParts } from './arrow/arrow-parts.js';
export { DirectoryPartsStore, type PartsStore } from './arrow/parts-store.js';
export { WorkerPool, threadModuleUrl } from './threads/worker-pool.js';
export { openWorkerPool } from './threads/open-worker-pool.js';
export type { CloseOptions, PoolStats, TaskOptions, WorkerPoolOptions } from './threads/pool-options.js';
export type { ThreadEnd } from './threads/pool-thread.js';
export type {
  SetupContext,
  SetupInfo,
  SetupInit,
  TaskContext,
  TaskFunction,
  TaskInput,
  TaskName,
  TaskOutput,
} from './threads/thread-protocol.js';
export {
  defaultThreadBudget,
  ThreadBudget,
  type BudgetSlot,
  type BudgetStats,
  type SharedBudget,
  type ThreadBudgetOptions,
  type ThreadEndKind,
} from './threads/thread-budget.js';
export { ErrorClasses, type StrataErrorClass } from './threads/error-revival.js';
