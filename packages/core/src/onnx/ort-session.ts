import type * as ort from 'onnxruntime-node';
import type { ExecutionProvider, ModelSession, RunOptions, TensorInfo } from '../backend.js';
import { AbortedError, InferenceError, messageOf, throwIfAborted } from '../errors.js';
import { validateFeeds } from '../model/feeds.js';
import type { TensorMap } from '../tensor.js';
import { fromOrtTensor, toOrtFeeds } from './ort-tensors.js';

/** A {@link ModelSession} over one ONNX Runtime `InferenceSession`. */
export class OrtSession implements ModelSession {
  private inFlight = 0;
  private released: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly inputs: readonly TensorInfo[],
    readonly outputs: readonly TensorInfo[],
    readonly executionProviders: readonly ExecutionProvider[],
  ) {}

  get disposed(): boolean {
    return this.released !== undefined;
  }

  async run(feeds: TensorMap, options: RunOptions = {}): Promise<TensorMap> {
    if (this.released) throw new InferenceError('SESSION_DISPOSED', 'the session has been disposed');
    throwIfAborted(options.signal);
    validateFeeds(this.inputs, feeds);
    this.inFlight++;
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(toOrtFeeds(feeds));
    } catch (err) {
      throw new InferenceError('INFERENCE_FAILED', `inference failed: ${messageOf(err)}`, { cause: err });
    } finally {
      if (--this.inFlight === 0) this.idle?.();
    }
    // The run itself cannot be interrupted; a cancelled caller just does not get its result.
    if (options.signal?.aborted) throw new AbortedError('the run was aborted', options.signal.reason);
    const out: TensorMap = {};
    for (const [name, value] of Object.entries(results)) {
      const t = fromOrtTensor(value);
      if (!t)
        throw new InferenceError('INFERENCE_FAILED', `output "${name}" has unsupported type ${value.type}`);
      out[name] = t;
    }
    return out;
  }

  dispose(): Promise<void> {
    // release() twice throws in onnxruntime-node, and releasing under a pending run is undefined:
    // keep one promise, wait for runs in flight, release once.
    this.released ??= (async () => {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
      await this.session.release();
    })();
    return this.released;
  }
}
