import { threadId } from 'node:worker_threads';
import type { Backend, ModelSession } from '../backend.js';
import { tensor, type Tensor, type TensorMap } from '../tensor.js';

/**
 * A backend for testing threading: its session's `run` blocks its thread (as ONNX Runtime's does) until
 * the `gate` input, an Int32Array over a SharedArrayBuffer, is set to 1 and notified; it returns the
 * id of the thread that ran it. A run on the calling thread would therefore never finish.
 */
export function createGatedBackend(): Backend {
  return {
    name: 'gated',
    async createSession(): Promise<ModelSession> {
      let disposed = false;
      return {
        inputs: [{ name: 'gate', dtype: 'int32', dims: [1] }],
        outputs: [{ name: 'thread', dtype: 'int32', dims: [1] }],
        executionProviders: ['cpu'],
        get disposed() {
          return disposed;
        },
        async run(feeds: TensorMap): Promise<TensorMap> {
          const gate = (feeds.gate as Tensor<'int32'>).data;
          Atomics.wait(gate, 0, 0);
          return { thread: tensor('int32', [threadId], [1]) };
        },
        async dispose() {
          disposed = true;
        },
      };
    },
  };
}
