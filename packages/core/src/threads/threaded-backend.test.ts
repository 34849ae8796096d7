import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '../errors.js';
import { createOrtBackend } from '../onnx/ort-backend.js';
import { tensor } from '../tensor.js';
import { captureLogger } from '../testing/capture-logger.js';
import { mlpModel } from '../testing/fixture-models.js';
import { goldenCases } from '../testing/golden.js';
import { createThreadedBackend } from './threaded-backend.js';

const golden = goldenCases();
const x = tensor('float32', golden['mlp.onnx']!.inputs.x!.data, [3, 4]);

describe('threaded backend', () => {
  it('runs sessions on worker threads with the golden outputs', async () => {
    const session = await createThreadedBackend({ threads: 2 }).createSession({ bytes: mlpModel().model });
    expect(session.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 4] }]);
    const outs = await Promise.all(Array.from({ length: 8 }, () => session.run({ x })));
    for (const out of outs) {
      Array.from(out.y!.data as Float32Array).forEach((v, i) =>
        expect(v).toBeCloseTo(golden['mlp.onnx']!.outputs.y!.data[i]!, 5),
      );
    }
    await session.dispose();
  });

  it('runs on worker threads while the calling thread stays free', async () => {
    // Each run blocks its thread until this thread opens the gate: were a run on this thread, it would never end.
    const backend = createThreadedBackend({
      threads: 2,
      backend: {
        module: new URL(
          `../testing/gated-backend.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
          import.meta.url,
        ),
        exportName: 'createGatedBackend',
      },
    });
    const session = await backend.createSession({ bytes: new Uint8Array() });
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const runs = Promise.all(
      [0, 1].map(() => session.run({ gate: { dtype: 'int32', dims: [1], data: gate } })),
    );
    await new Promise((r) => setTimeout(r, 20));
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const threads = (await runs).map((out) => (out.thread!.data as Int32Array)[0]);
    expect(new Set(threads).size).toBe(2);
    expect(threads).not.toContain(threadId);
    await session.dispose();
  });

  it('checks feeds before they leave the thread and keeps error codes from the worker', async () => {
    const session = await createThreadedBackend().createSession({ bytes: mlpModel().model });
    await expect(session.run({ x: tensor('float32', [1, 2, 3], [1, 3]) })).rejects.toSatisfy((e) =>
      isStrataError(e, 'FEED_SHAPE'),
    );
    await session.dispose();
    await expect(
      createThreadedBackend().createSession({ bytes: new Uint8Array([9, 9, 9]) }),
    ).rejects.toSatisfy(
      (e) => isStrataError(e, 'MODEL_LOAD_FAILED') && /cannot load model/.test((e as Error).message),
    );
  });

  it('forwards the workers’ warnings to the caller’s logger', async () => {
    const logger = captureLogger();
    const session = await createThreadedBackend({ logger }).createSession(
      { bytes: mlpModel().model },
      { executionProviders: ['cuda'] },
    );
    const fellBack = !session.executionProviders.includes('cuda');
    expect(logger.lines.some((l) => l.level === 'warn' && /cuda is unavailable/.test(l.msg ?? ''))).toBe(
      fellBack,
    );
    await session.dispose();
  });

  it('drops queued runs on abort and on dispose, and disposes idempotently', async () => {
    const session = await createThreadedBackend().createSession({ bytes: mlpModel().model });
    const ctrl = new AbortController();
    const first = session.run({ x });
    const aborted = session.run({ x }, { signal: ctrl.signal });
    ctrl.abort();
    await expect(aborted).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    const queued = session.run({ x }).catch((e: unknown) => e);
    const disposing = Promise.all([session.dispose(), session.dispose()]);
    await expect(first).resolves.toBeDefined();
    expect(isStrataError(await queued, 'SESSION_DISPOSED')).toBe(true);
    await disposing;
    await expect(session.run({ x })).rejects.toSatisfy((e) => isStrataError(e, 'SESSION_DISPOSED'));
  });

  it('gives the same answers as the in-thread backend', async () => {
    const bytes = mlpModel().model;
    const [a, b] = await Promise.all([
      createOrtBackend().createSession({ bytes }),
      createThreadedBackend().createSession({ bytes }),
    ]);
    expect((await b.run({ x })).y).toEqual((await a.run({ x })).y);
    await Promise.all([a.dispose(), b.dispose()]);
  });
});
