import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { contractHandlers, runJobQueueContract } from '@strata/core/testing';
import { RedisJobQueue } from './redis-queue.js';
import { harness, testRedisUrl } from './testing/redis-harness.js';

runJobQueueContract('RedisJobQueue', harness, new URL('./testing/redis-harness.ts', import.meta.url));

describe('RedisJobQueue', () => {
  it('runs each shard of a sharded job as a BullMQ job of its own, committing its output', async () => {
    const prefix = await harness.createState();
    const queue = await harness.open(prefix, contractHandlers, { workers: 2 });
    const job = await queue.submit({
      kind: 'contract.sharded-sum',
      input: { chunks: 8, chunkSize: 2, delayMs: 5, shardChunks: 3 },
    });
    expect((await queue.wait(job.id)).result).toMatchObject({ shards: 3, chunks: 8 });
    const redis = new Redis(testRedisUrl());
    const fields = await redis.hgetall(`${prefix}:shards:${job.id}`);
    redis.disconnect();
    expect(
      Object.keys(fields)
        .filter((f) => f.startsWith('output:'))
        .sort(),
    ).toEqual(['output:0', 'output:1', 'output:2']);
    expect(JSON.parse(fields['done:2']!)).toBe(2);
    await queue.close();
    await harness.destroyState(prefix);
  });

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
