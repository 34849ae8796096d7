import type {
  Backend,
  ExecutionProvider,
  ModelSession,
  ModelSource,
  RunOptions,
  SessionOptions,
  TensorInfo,
} from '../backend.js';
import {
  AbortedError,
  InferenceError,
  InvalidArgumentError,
  isStrataError,
  messageOf,
  ModelError,
  throwIfAborted,
} from '../errors.js';
import { defaultWarningLogger } from '../json-logger.js';
import type { Logger } from '../log.js';
import { validateFeeds } from '../model/feeds.js';
import type { TensorMap } from '../tensor.js';
import type * as SessionThread from './session-thread.js';
import type { ThreadBudget } from './thread-budget.js';
import { threadModuleUrl, WorkerPool } from './worker-pool.js';

const SESSION_THREAD = threadModuleUrl(import.meta.url, './session-thread.js');

/** Options of {@link createThreadedBackend}. */
export interface ThreadedBackendOptions {
  /**
   * Worker threads per session, each with its own copy of the session. Size threads x `intraOpThreads`
   * to the cores: two threads of one intra-op thread each keep the main thread free on two cores.
   * @defaultValue `1`
   */
  readonly threads?: number;
  /** Where the workers' warnings (provider fallbacks, ...) are written. @defaultValue warnings as JSON lines on stderr */
  readonly logger?: Logger;
  /**
   * The backend each worker creates: a module URL and the name of its factory export, called with
   * `backendOptions` and a logger. @defaultValue Strata's ONNX Runtime backend (`createOrtBackend`)
   */
  readonly backend?: {
    readonly module: URL;
    readonly exportName: string;
    readonly options?: Record<string, unknown>;
  };
  /**
   * The thread budget a running session thread takes a slot from. By default none: sessions answer
   * requests, which must not wait behind batch work holding every slot; their threads are few and
   * sized by `threads`. @defaultValue `false`
   */
  readonly budget?: ThreadBudget | false;
}

/**
 * A {@link Backend} whose sessions run on worker threads (a {@link WorkerPool} per session). ONNX
 * Runtime's `run()` and `create()` block the thread that calls them, so services and jobs use this
 * backend to keep their main thread answering. Runs are spread over the threads; cancellation is
 * cooperative (a queued run is dropped, a started one finishes and its result is discarded), because
 * terminating a thread inside `run()` aborts the process.
 *
 * @example
 * ```ts
 * const backend = createThreadedBackend({ threads: 2, logger });
 * const registry = await ModelRegistry.open('models', { backend });
 * ```
 */
export function createThreadedBackend(options: ThreadedBackendOptions = {}): Backend {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InvalidArgumentError('threads', `threads must be a positive integer, got ${threads}`, {
      value: threads,
    });
  }
  const backend = options.backend ?? {
    module: threadModuleUrl(import.meta.url, '../onnx/ort-backend.js'),
    exportName: 'createOrtBackend',
  };
  const logger = options.logger ?? defaultWarningLogger();
  return {
    name: 'threaded',
    async createSession(source: ModelSource, sessionOptions?: SessionOptions): Promise<ModelSession> {
      const pool = WorkerPool.start<typeof SessionThread>({
        module: SESSION_THREAD,
        name: 'session',
        threads,
        logger,
        budget: options.budget ?? false,
        init: {
          module: backend.module.href,
          exportName: backend.exportName,
          backendOptions: backend.options ?? {},
          source,
          sessionOptions,
        },
      });
      try {
        return new ThreadedSession(pool, await pool.ready);
      } catch (err) {
        await pool.close();
        if (isStrataError(err) && !isStrataError(err, 'THREAD_EXITED', 'THREAD_OUT_OF_MEMORY')) throw err;
        throw new ModelError('MODEL_LOAD_FAILED', `a session thread failed: ${messageOf(err)}`, {
          context: { modelId: '' },
          cause: err,
        });
      }
    },
  };
}

class ThreadedSession implements ModelSession {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly executionProviders: readonly ExecutionProvider[];
  private disposing: Promise<void> | undefined;

  constructor(
    private readonly pool: WorkerPool<typeof SessionThread>,
    ready: Awaited<ReturnType<typeof SessionThread.setup>>,
  ) {
    this.inputs = ready.inputs;
    this.outputs = ready.outputs;
    this.executionProviders = ready.executionProviders;
  }

  get disposed(): boolean {
    return this.disposing !== undefined;
  }

  async run(feeds: TensorMap, options: RunOptions = {}): Promise<TensorMap> {
    if (this.disposing) throw new InferenceError('SESSION_DISPOSED', 'the session has been disposed');
    throwIfAborted(options.signal);
    validateFeeds(this.inputs, feeds);
    const { signal } = options;
    const run = this.pool.run('run', feeds).catch((err: unknown) => {
      // The pool drops runs still queued when the session is disposed.
      if (this.disposing && isStrataError(err, 'ABORTED'))
        throw new InferenceError('SESSION_DISPOSED', 'the session was disposed before the run started');
      throw err;
    });
    if (!signal) return run;
    // A run that started cannot be stopped inside ONNX Runtime: it finishes and its result is dropped.
    return new Promise<TensorMap>((resolve, reject) => {
      const onAbort = () => reject(new AbortedError('the run was aborted', signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  dispose(): Promise<void> {
    // Runs in flight finish (a session thread is never terminated inside a run); queued ones are dropped.
    this.disposing ??= this.pool.close({ reason: 'dispose' }).then(() => undefined);
    return this.disposing;
  }
}
