import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../backend.js';
import { messageOf } from '../errors.js';
import { GraphBuilder } from '../onnx-proto/graph-builder.js';

/** Why each non-CPU provider cannot be used here (`undefined`: it can), probed once per process. */
const probes = new Map<ExecutionProvider, Promise<string | undefined>>();

function probeModel(): Uint8Array {
  const g = new GraphBuilder('provider-probe');
  g.output(g.node('Identity', [g.input('x', 'float32', [1])], {}, 'y'), 'float32', [1]);
  return g.toModel().model;
}

/**
 * Whether an execution provider can be created on this machine, found by creating a session of a
 * one-node model with it: a missing CUDA library or a machine without a GPU adapter fails there, and a
 * real model's load error is then not mistaken for a provider's.
 */
export function unavailableReason(provider: ExecutionProvider): Promise<string | undefined> {
  if (provider === 'cpu') return Promise.resolve(undefined);
  let probe = probes.get(provider);
  if (!probe) {
    probe = ort.InferenceSession.create(probeModel(), {
      executionProviders: [provider],
      logSeverityLevel: 4,
    }).then(
      (s) =>
        s.release().then(
          () => undefined,
          () => undefined, // created is what counts: a failed release does not make the provider unavailable
        ),
      (err: unknown) => messageOf(err),
    );
    probes.set(provider, probe);
  }
  return probe;
}
