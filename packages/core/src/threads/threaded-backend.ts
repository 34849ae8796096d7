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
import { defaultWarningLogger } from '../json-logger.js';
import type { Logger } from '../log.js';
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
  const logger = options.logger ?? defaultWarningLogger();
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
    const fail = (message: string, cause?: unknown) =>
      reject(new ModelError('MODEL_LOAD_FAILED', message, { context: { modelId: '' }, cause }));
    const onError = (err: Error) => fail(`session worker failed: ${err.message}`, err);
    const onExit = (code: number) => fail(`session worker exited with code ${code} while loading`);
    const onMessage = (m: Reply) => {
      if (m.type === 'log') return logger[m.level](m.obj, m.msg);
      // The 'error' listener stays: until the session attaches its own, an error must not go unhandled.
      worker.off('message', onMessage).off('exit', onExit);
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'load-failed') reject(revive(m.error));
    };
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
  });
}

interface Pending {
  readonly id: number;
  readonly feeds: TensorMap;
  /** Settles the run once, and stops listening to its signal. */
  readonly settle: (outcome: { out: TensorMap } | { err: Error }) => void;
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
    const { signal } = options;
    return new Promise<TensorMap>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(pending);
        if (at >= 0) this.queue.splice(at, 1); // a started run finishes; its result is dropped in settle
        reject(new AbortedError('the run was aborted', signal?.reason));
      };
      const pending: Pending = {
        id: this.nextId++,
        feeds,
        settle: (outcome) => {
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) reject(new AbortedError('the run was aborted', signal.reason));
          else if ('out' in outcome) resolve(outcome.out);
          else reject(outcome.err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      const notStarted = new InferenceError(
        'SESSION_DISPOSED',
        'the session was disposed before the run started',
      );
      for (const p of this.queue.splice(0)) p.settle({ err: notStarted });
      if (this.slots.some((s) => s.current)) await new Promise<void>((r) => (this.idle = r));
      const live = this.slots.filter((s) => s.alive);
      await Promise.all(
        live.map(
          (s) =>
            new Promise<void>((resolve) => {
              // A worker that dies instead of answering is disposed all the same.
              s.worker.once('exit', () => resolve());
              s.worker.on('message', (m: Reply) => m.type === 'disposed' && resolve());
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
    this.release(slot, m.type === 'result' ? { out: m.out } : { err: revive(m.error) });
  }

  private onLost(slot: Slot, message: string): void {
    if (!slot.alive) return;
    slot.alive = false;
    this.logger.error({}, message);
    this.release(slot, { err: new InferenceError('INFERENCE_FAILED', message) });
    if (!this.slots.some((s) => s.alive)) {
      const gone = new InferenceError('INFERENCE_FAILED', 'every session worker has exited');
      for (const p of this.queue.splice(0)) p.settle({ err: gone });
    }
  }

  /** Settles a slot's current run and hands the slot the next one. */
  private release(slot: Slot, outcome: { out: TensorMap } | { err: Error }): void {
    const p = slot.current;
    slot.current = undefined;
    p?.settle(outcome);
    if (this.disposing && this.slots.every((s) => !s.current)) this.idle?.();
    this.pump();
  }
}
