import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { contractHandlers, runJobQueueContract } from '@strata/core/testing';
import { RedisJobQueue } from './redis-queue.js';
import { harness, testRedisUrl } from './testing/redis-harness.js';

runJobQueueContract('RedisJobQueue', harness, new URL('./testing/redis-harness.ts', import.meta.url));

describe('RedisJobQueue', () => {
  it('says which Redis it cannot reach', async () => {
    await expect(
      RedisJobQueue.open({ url: 'redis://127.0.0.1:1', handlers: {}, resultsDir: '/tmp' }),
    ).rejects.toSatisfy(
      (e) => isStrataError(e) && /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/.test((e as Error).message),
    );
  });

  it('lets a process with no workers submit and follow jobs that another process runs', async () => {
    const prefix = await harness.createState();
    const api = await RedisJobQueue.open({
      url: testRedisUrl(),
      prefix,
      handlers: contractHandlers,
      resultsDir: '/tmp',
      workers: 0,
    });
    const job = await api.submit({ kind: 'contract.sum', input: { chunks: 3, chunkSize: 2, delayMs: 5 } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.get(job.id))!.state).toBe('queued');
    const worker = await harness.open(prefix, contractHandlers, { workers: 1 });
    const final = await api.wait(job.id);
    expect(final).toMatchObject({ state: 'succeeded', attempts: 1, result: { chunks: 3 } });
    await worker.close();
    await api.close();
    await harness.destroyState(prefix);
  });
});
