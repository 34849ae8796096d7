import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStrataError } from '../errors.js';
import { createOrtBackend } from '../onnx/ort-backend.js';
import { tensor, type TensorMap } from '../tensor.js';
import { convModel, mlpModel } from '../testing/fixture-models.js';
import { randomWeights } from '../testing/reference-ops.js';
import { MicroBatcher } from './micro-batcher.js';
import { createSessionBatcher } from './session-batcher.js';

function doubling(
  calls: number[][],
  options: { maxBatchSize?: number; maxDelayMs?: number; maxQueueSize?: number } = {},
) {
  return new MicroBatcher<number, number>({
    ...options,
    runBatch: async (xs) => {
      calls.push([...xs]);
      if (xs.includes(13)) throw new Error('13 is unlucky');
      return xs.map((x) => x * 2);
    },
  });
}

// The batcher's windows run on fake timers: each test moves the clock itself, so a window is
// exactly as long as the test says, however busy the machine is.
describe('MicroBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces concurrent requests up to maxBatchSize and keeps their order', async () => {
    const calls: number[][] = [];
    const b = doubling(calls, { maxBatchSize: 4, maxDelayMs: 5 });
    const xs = Array.from({ length: 10 }, (_, i) => i);
    const all = Promise.all(xs.map((x) => b.submit(x)));
    await vi.advanceTimersByTimeAsync(5); // the last two wait their delay for company
    expect(await all).toEqual(xs.map((x) => x * 2));
    expect(calls.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(calls.flat()).toEqual(xs);
  });

  it('keeps order and the concurrency limit under load', async () => {
    const calls: number[][] = [];
    let running = 0;
    let most = 0;
    const b = new MicroBatcher<number, number>({
      maxBatchSize: 4,
      maxDelayMs: 1,
      runBatch: async (xs) => {
        most = Math.max(most, ++running);
        calls.push([...xs]);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return xs;
      },
    });
    const first = b.submit(-1);
    await vi.advanceTimersByTimeAsync(3); // the first batch is running now
    expect(calls).toEqual([[-1]]);
    const rest = Array.from({ length: 10 }, (_, i) => b.submit(i));
    const all = Promise.all([first, ...rest]);
    await vi.runAllTimersAsync();
    expect(await all).toEqual([-1, ...Array.from({ length: 10 }, (_, i) => i)]);
    expect(calls).toEqual([[-1], [0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(most).toBe(1);
  });

  it('sends a partial batch once its first request has waited maxDelayMs', async () => {
    const calls: number[][] = [];
    const b = doubling(calls, { maxBatchSize: 100, maxDelayMs: 20 });
    const first = b.submit(1);
    await vi.advanceTimersByTimeAsync(5);
    const second = b.submit(2);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(14); // 19 ms after the first: still waiting
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('sends an error only to the request it belongs to', async () => {
    const calls: number[][] = [];
    const b = doubling(calls, { maxBatchSize: 8 });
    const settled = Promise.allSettled([12, 13, 14].map((x) => b.submit(x)));
    await vi.runAllTimersAsync();
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toBe('13 is unlucky');
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([24, 28]);
    expect(calls[0]).toEqual([12, 13, 14]);
  });

  it('drops a request aborted while it waits', async () => {
    const calls: number[][] = [];
    const b = doubling(calls, { maxBatchSize: 8, maxDelayMs: 10 });
    const ctrl = new AbortController();
    const kept = b.submit(1);
    const dropped = b.submit(2, { signal: ctrl.signal });
    ctrl.abort();
    await expect(dropped).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    await vi.advanceTimersByTimeAsync(10);
    expect(await kept).toBe(2);
    expect(calls).toEqual([[1]]);
  });

  it('gives a new request of a key emptied by aborts its full delay', async () => {
    const calls: number[][] = [];
    const b = doubling(calls, { maxBatchSize: 8, maxDelayMs: 30 });
    const ctrl = new AbortController();
    const dropped = b.submit(1, { signal: ctrl.signal }).catch(() => 'aborted');
    ctrl.abort();
    expect(await dropped).toBe('aborted');
    const later = b.submit(2);
    await vi.advanceTimersByTimeAsync(5);
    const company = b.submit(3);
    await vi.advanceTimersByTimeAsync(24); // 29 ms after the new request: not sent yet
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all([later, company])).toEqual([4, 6]);
    expect(calls).toEqual([[2, 3]]);
  });

  it('refuses requests beyond maxQueueSize', async () => {
    const b = doubling([], { maxBatchSize: 100, maxDelayMs: 10, maxQueueSize: 2 });
    const ok = [b.submit(1), b.submit(2)];
    await expect(b.submit(3)).rejects.toSatisfy((e) => isStrataError(e, 'QUEUE_FULL'));
    await vi.advanceTimersByTimeAsync(10);
    expect(await Promise.all(ok)).toEqual([2, 4]);
  });

  it('runs what is queued on close, then refuses more', async () => {
    const b = doubling([], { maxBatchSize: 100, maxDelayMs: 1000 });
    const pending = b.submit(5);
    await b.close();
    expect(await pending).toBe(10);
    await expect(b.submit(1)).rejects.toThrow(/closed/);
  });
});

describe('createSessionBatcher', () => {
  it('gives each request the rows an unbatched run gives, in fewer runs', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    let runs = 0;
    const counted = {
      ...session,
      inputs: session.inputs,
      outputs: session.outputs,
      run: (f: TensorMap) => (runs++, session.run(f)),
    };
    const batcher = createSessionBatcher(counted, { maxBatchSize: 16, maxDelayMs: 5 });
    const rows = Array.from({ length: 40 }, (_, i) => tensor('float32', randomWeights(4, 200 + i), [1, 4]));
    const expected = await Promise.all(rows.map((x) => session.run({ x })));
    runs = 0;
    const got = await Promise.all(rows.map((x) => batcher.run({ x })));
    got.forEach((g, i) => {
      expect(g.y!.dims).toEqual([1, 2]);
      Array.from(g.y!.data as Float32Array).forEach((v, j) =>
        expect(v).toBeCloseTo((expected[i]!.y!.data as Float32Array)[j]!, 5),
      );
    });
    expect(runs).toBe(3);
    await session.dispose();
  });

  it('refuses a model whose inputs cannot be stacked on axis 0', async () => {
    const session = await createOrtBackend().createSession({ bytes: convModel().model });
    expect(() => createSessionBatcher(session)).toThrow(
      'micro-batching needs one dynamic axis 0 shared by every input, got x[1, 2, 5, 5]',
    );
    await session.dispose();
  });

  it('rejects a bad request alone', async () => {
    const session = await createOrtBackend().createSession({ bytes: mlpModel().model });
    const batcher = createSessionBatcher(session, { maxBatchSize: 16 });
    const [good, bad] = await Promise.allSettled([
      batcher.run({ x: tensor('float32', [1, 2, 3, 4], [1, 4]) }),
      batcher.run({ x: tensor('float32', [1, 2, 3], [1, 3]) }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && isStrataError(bad.reason, 'FEED_SHAPE')).toBe(true);
    await session.dispose();
  });
});
