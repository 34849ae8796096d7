import { Worker } from 'node:worker_threads';
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
  ModelError,
  StrataError,
  throwIfAborted,
} from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { validateFeeds } from '../model/feeds.js';
import type { TensorMap } from '../tensor.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER_URL = new URL('./session-worker.js', import.meta.url);

/** Options of {@link createThreadedBackend}. */
export interface ThreadedBackendOptions {
  /**
   * Worker threads per session, each with its own copy of the session. Size threads x `intraOpThreads`
   * to the cores: two threads of one intra-op thread each keep the main thread free on two cores.
   * @defaultValue `1`
   */
  readonly threads?: number;
  /** Where the workers' warnings (provider fallbacks, ...) are written. @defaultValue a silent logger */
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
}

type Reply =
  | { type: 'ready'; inputs: TensorInfo[]; outputs: TensorInfo[]; executionProviders: ExecutionProvider[] }
  | { type: 'load-failed'; error: SerializedError }
  | { type: 'result'; id: number; out: TensorMap }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; obj: object; msg?: string }
  | { type: 'disposed' };

interface SerializedError {
  code: string;
  message: string;
  context: Record<string, unknown>;
}

const revive = (e: SerializedError) => new StrataError(e.code, e.message, { context: e.context });

/**
 * A {@link Backend} whose sessions run on worker threads. ONNX Runtime's `run()` and `create()` block
 * the thread that calls them, so services and jobs use this backend to keep their main thread answering.
 * Runs are spread over the workers; cancellation is cooperative (a queued run is dropped, a started one
 * finishes and its result is discarded), because terminating a thread inside `run()` aborts the process.
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
    module: new URL(`../onnx/ort-backend${ext}`, import.meta.url),
    exportName: 'createOrtBackend',
  };
  const logger = options.logger ?? silentLogger;
  return {
    name: 'threaded',
    async createSession(source: ModelSource, sessionOptions?: SessionOptions): Promise<ModelSession> {
      const workerData = {
        module: backend.module.href,
        exportName: backend.exportName,
        backendOptions: backend.options ?? {},
        source,
        sessionOptions,
      };
      const workers = Array.from({ length: threads }, () => new Worker(WORKER_URL, { workerData }));
      const ready = await Promise.allSettled(workers.map((w) => whenReady(w, logger)));
      const failed = ready.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        await Promise.all(workers.map((w) => w.terminate()));
        throw failed.reason;
      }
      return new ThreadedSession(
        workers,
        (ready[0] as PromiseFulfilledResult<Extract<Reply, { type: 'ready' }>>).value,
        logger,
      );
    },
  };
}

function whenReady(worker: Worker, logger: Logger): Promise<Extract<Reply, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Reply) => {
      if (m.type === 'log') return logger[m.level](m.obj, m.msg);
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'load-failed') reject(revive(m.error));
    };
    const onError = (err: Error) =>
      reject(
        new ModelError('MODEL_LOAD_FAILED', `session worker failed: ${err.message}`, {
          context: { modelId: '' },
          cause: err,
        }),
      );
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

interface Pending {
  readonly id: number;
  readonly feeds: TensorMap;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (out: TensorMap) => void;
  readonly reject: (err: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | undefined;
  alive: boolean;
}

class ThreadedSession implements ModelSession {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly executionProviders: readonly ExecutionProvider[];
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private disposing: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  constructor(
    workers: Worker[],
    ready: Extract<Reply, { type: 'ready' }>,
    private readonly logger: Logger,
  ) {
    this.inputs = ready.inputs;
    this.outputs = ready.outputs;
    this.executionProviders = ready.executionProviders;
    this.slots = workers.map((worker) => ({ worker, current: undefined, alive: true }));
    for (const slot of this.slots) {
      slot.worker.on('message', (m: Reply) => this.onReply(slot, m));
      slot.worker.on('error', (err) => this.onLost(slot, `session worker failed: ${err.message}`));
      slot.worker.on('exit', (code) => this.onLost(slot, `session worker exited with code ${code}`));
    }
  }

  get disposed(): boolean {
    return this.disposing !== undefined;
  }

  async run(feeds: TensorMap, options: RunOptions = {}): Promise<TensorMap> {
    if (this.disposing) throw new InferenceError('SESSION_DISPOSED', 'the session has been disposed');
    throwIfAborted(options.signal);
    validateFeeds(this.inputs, feeds);
    if (!this.slots.some((s) => s.alive))
      throw new InferenceError('INFERENCE_FAILED', 'every session worker has exited');
    return new Promise<TensorMap>((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, feeds, signal: options.signal, resolve, reject };
      options.signal?.addEventListener(
        'abort',
        () => {
          const at = this.queue.indexOf(pending);
          if (at >= 0) this.queue.splice(at, 1);
          reject(new AbortedError('the run was aborted', options.signal?.reason));
        },
        { once: true },
      );
      this.queue.push(pending);
      this.pump();
    });
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      for (const p of this.queue.splice(0))
        p.reject(new InferenceError('SESSION_DISPOSED', 'the session was disposed before the run started'));
      if (this.slots.some((s) => s.current)) await new Promise<void>((r) => (this.idle = r));
      await Promise.all(
        this.slots
          .filter((s) => s.alive)
          .map(
            (s) =>
              new Promise<void>((resolve) => {
                const onMessage = (m: Reply) =>
                  m.type === 'disposed' && (s.worker.off('message', onMessage), resolve());
                s.worker.on('message', onMessage);
                s.worker.postMessage({ type: 'dispose' });
              }),
          ),
      );
      for (const s of this.slots) s.alive = false;
      await Promise.all(this.slots.map((s) => s.worker.terminate()));
    })();
    return this.disposing;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.alive || slot.current) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.current = next;
      slot.worker.postMessage({ type: 'run', id: next.id, feeds: next.feeds });
    }
  }

  private onReply(slot: Slot, m: Reply): void {
    if (m.type === 'log') return this.logger[m.level](m.obj, m.msg);
    if (m.type !== 'result' && m.type !== 'failed') return;
    const p = slot.current;
    slot.current = undefined;
    if (p && !p.signal?.aborted) {
      if (m.type === 'result') p.resolve(m.out);
      else p.reject(revive(m.error));
    }
    if (this.disposing && this.slots.every((s) => !s.current)) this.idle?.();
    this.pump();
  }

  private onLost(slot: Slot, message: string): void {
    if (!slot.alive) return;
    slot.alive = false;
    this.logger.error({}, message);
    slot.current?.reject(new InferenceError('INFERENCE_FAILED', message));
    slot.current = undefined;
    if (!this.slots.some((s) => s.alive)) {
      for (const p of this.queue.splice(0))
        p.reject(new InferenceError('INFERENCE_FAILED', 'every session worker has exited'));
    }
    if (this.disposing && this.slots.every((s) => !s.current)) this.idle?.();
    this.pump();
  }
}
