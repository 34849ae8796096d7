// (b) Throughput of 2,000 concurrent single-row requests, with the micro-batcher and without.
import { createSessionBatcher, tensor } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { randomWeights } from '@strata/core/testing';
import { median } from '../harness.js';
import { benchMlp } from './models.js';

const REQUESTS = 2000;

export async function batcherThroughput(): Promise<Record<string, string | number>[]> {
  const session = await createOrtBackend().createSession({ bytes: benchMlp() }, { intraOpThreads: 1 });
  const rows = Array.from({ length: REQUESTS }, (_, i) =>
    tensor('float32', randomWeights(2048, 1000 + i), [1, 2048]),
  );
  const unbatched = () => Promise.all(rows.map((x) => session.run({ x })));
  const batcher = createSessionBatcher(session, { maxBatchSize: 64, maxDelayMs: 2 });
  const batched = () => Promise.all(rows.map((x) => batcher.run({ x })));
  const time = async (f: () => Promise<unknown>) => {
    const s = performance.now();
    await f();
    return performance.now() - s;
  };
  await (unbatched(), batched());
  const t = { none: [] as number[], batched: [] as number[] };
  for (let i = 0; i < 3; i++) {
    t.none.push(await time(unbatched));
    t.batched.push(await time(batched));
  }
  await batcher.close();
  await session.dispose();
  const none = REQUESTS / (median(t.none) / 1000);
  const withBatcher = REQUESTS / (median(t.batched) / 1000);
  return [
    { variant: 'one run per request (baseline)', 'requests/s': none, 'wall ms': median(t.none), speed_up: 1 },
    {
      variant: 'micro-batcher (64 rows, 2 ms)',
      'requests/s': withBatcher,
      'wall ms': median(t.batched),
      speed_up: withBatcher / none,
    },
  ];
}
