import type { DType, TensorMap } from './tensor.js';

/**
 * One dimension of a declared shape: a fixed size, a named dynamic axis (`"batch"`), or `null` for an
 * anonymous dynamic axis.
 */
export type Dim = number | string | null;

/** Name, dtype and shape of a model input or output. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly Dim[];
}

/** Execution providers Strata knows how to ask for. */
export type ExecutionProvider = 'cpu' | 'webgpu' | 'cuda';

/** Graph optimisation levels, as ONNX Runtime names them. */
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/**
 * How a session is created. Every option is explicit, with a documented default, so that a
 * deployment's behaviour can be read off its configuration.
 */
export interface SessionOptions {
  /**
   * Execution providers in order of preference. A provider that cannot be created on this machine
   * (no GPU, CUDA libraries absent) is dropped with a logged warning and the session falls back to CPU.
   * @defaultValue `['cpu']`
   */
  readonly executionProviders?: readonly ExecutionProvider[];
  /**
   * Threads used inside one operator. Size workers x threads to the cores: two workers with one
   * thread each keep the main thread responsive where one worker with two threads does not.
   * @defaultValue `1`
   */
  readonly intraOpThreads?: number;
  /**
   * Threads used to run independent operators in parallel (only with `executionMode: 'parallel'`).
   * @defaultValue `1`
   */
  readonly interOpThreads?: number;
  /**
   * Whether independent branches of the graph run in parallel.
   * @defaultValue `'sequential'`
   */
  readonly executionMode?: 'sequential' | 'parallel';
  /** @defaultValue `'all'` */
  readonly graphOptimizationLevel?: GraphOptimizationLevel;
  /**
   * Whether the CPU memory arena is used. Off trades some speed for memory returned to the system.
   * @defaultValue `true`
   */
  readonly enableCpuMemArena?: boolean;
  /**
   * Whether memory is pre-planned from the first run's shapes (helps fixed shapes, hurts varying ones).
   * @defaultValue `true`
   */
  readonly enableMemPattern?: boolean;
  /**
   * Fixed sizes for named dynamic axes, e.g. `{ batch: 1 }`. ONNX Runtime's Node binding ignores its own
   * option of this name, so Strata rewrites the model's input shapes before creating the session.
   * Not supported together with external-data models.
   * @defaultValue `{}`
   */
  readonly freeDimensionOverrides?: Readonly<Record<string, number>>;
  /**
   * ONNX Runtime log severity: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal.
   * @defaultValue `3`
   */
  readonly logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

/**
 * Where a model comes from: a file path (required for models with external data, which ONNX Runtime
 * resolves relative to the model file) or the bytes of a single `.onnx` file (at most 2 GiB).
 */
export type ModelSource = { readonly path: string } | { readonly bytes: Uint8Array };

/** Options of one run. */
export interface RunOptions {
  /**
   * Cancels the run cooperatively: checked before the run starts and after it returns. A run that has
   * started cannot be interrupted (ONNX Runtime's run blocks its thread); its result is discarded.
   */
  readonly signal?: AbortSignal;
}

/** A loaded model, ready to run. */
export interface ModelSession {
  /** Declared inputs, as the model graph states them. */
  readonly inputs: readonly TensorInfo[];
  /** Declared outputs, as the model graph states them. */
  readonly outputs: readonly TensorInfo[];
  /** Execution providers the session actually uses, after any fallback. */
  readonly executionProviders: readonly ExecutionProvider[];
  /** True once {@link ModelSession.dispose} has been called. */
  readonly disposed: boolean;
  /**
   * Runs the model. Rejects with `SESSION_DISPOSED` after dispose, `ABORTED` when the signal fired,
   * `INFERENCE_FAILED` when the backend fails.
   */
  run(feeds: TensorMap, options?: RunOptions): Promise<TensorMap>;
  /** Releases native resources now. Idempotent: a second call does nothing. */
  dispose(): Promise<void>;
}

/** Something that turns a model into a {@link ModelSession}: ONNX Runtime here, a remote server elsewhere. */
export interface Backend {
  /** Short name, e.g. `"onnxruntime-node"`. */
  readonly name: string;
  /** Creates a session. Rejects with `MODEL_LOAD_FAILED` when the model cannot be loaded. */
  createSession(source: ModelSource, options?: SessionOptions): Promise<ModelSession>;
}
