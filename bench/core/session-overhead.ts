// (a) Overhead of Strata's session wrapper against calling onnxruntime-node directly.
import * as ort from 'onnxruntime-node';
import { sizeOf, tensor } from '@strata/core';
import { createOrtBackend, createThreadedBackend } from '@strata/core/node';
import { randomWeights } from '@strata/core/testing';
import { alternate } from '../harness.js';
import { benchConvNet, benchMlp } from './models.js';

/** Same options on both sides: one intra-op thread, all graph optimisations. */
const OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };

export type OverheadRow = Record<string, string | number>;

export async function sessionOverhead(): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  const cases = [
    { model: 'MLP 2048-1024-1', bytes: benchMlp(), inner: [2048] },
    { model: 'conv net 4x128x256', bytes: benchConvNet(), inner: [4, 128, 256] },
  ];
  for (const c of cases) {
    const raw = await ort.InferenceSession.create(c.bytes, OPTIONS);
    const strata = await createOrtBackend().createSession(
      { bytes: c.bytes },
      { intraOpThreads: 1, interOpThreads: 1 },
    );
    // For scale: the same model on a worker thread, as services run it (inputs are copied across).
    const threaded = await createThreadedBackend().createSession({ bytes: c.bytes }, { intraOpThreads: 1 });
    for (const batch of [1, 64]) {
      const dims = [batch, ...c.inner];
      const data = randomWeights(sizeOf(dims), batch);
      const heavy = c.model.startsWith('conv') && batch === 64;
      const budget = heavy ? { minRuns: 5, minMs: 0, warmup: 1 } : { minRuns: 20, minMs: 1500 };
      const rawRun = () => raw.run({ x: new ort.Tensor('float32', data, dims) });
      const [rawMs, strataMs] = await alternate(
        rawRun,
        () => strata.run({ x: tensor('float32', data, dims) }),
        budget,
      );
      const [rawMs2, threadedMs] = await alternate(
        rawRun,
        () => threaded.run({ x: tensor('float32', data, dims) }),
        budget,
      );
      rows.push({
        model: c.model,
        batch,
        'onnxruntime-node ms': rawMs,
        'strata ms': strataMs,
        'strata / raw': strataMs / rawMs,
        'threaded ms': threadedMs,
        'threaded / raw': threadedMs / rawMs2,
      });
    }
    await raw.release();
    await strata.dispose();
    await threaded.dispose();
  }
  return rows;
}
