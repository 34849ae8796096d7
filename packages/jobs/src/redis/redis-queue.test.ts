import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { captureLogger } from '@strata/core/testing';
import { contractHandlers } from '../testing/handlers.js';
import { runJobQueueContract } from '../testing/job-queue-contract.js';
import { RedisJobQueue } from './redis-queue.js';
import { harness, stateOf } from '../testing/redis-harness.js';

runJobQueueContract('RedisJobQueue', harness, new URL('../testing/redis-harness.ts', import.meta.url));

/** A queue on the contract handlers whose log lines the test reads. */
const openLogged = (url: string, prefix: string, workers: number, logger: ReturnType<typeof captureLogger>) =>
  RedisJobQueue.open({
    url,
    prefix,
    handlers: contractHandlers,
    resultsDir: join(tmpdir(), prefix),
    workers,
    logger,
  });

describe('RedisJobQueue', () => {
  it('runs each shard of a sharded job as a BullMQ job of its own, and drops their state at the end', async () => {
    const state = await harness.createState();
    const { url, prefix } = stateOf(state);
    const logger = captureLogger();
    const queue = await openLogged(url, prefix, 2, logger);
    const job = await queue.submit({
      kind: 'contract.sharded-sum',
      input: { chunks: 8, chunkSize: 2, delayMs: 5, shardChunks: 3 },
    });
    const running = new Promise<void>((resolve) => {
      const stop = queue.subscribe((e) => e.job.progress.done >= 2 && (stop(), resolve()), { jobId: job.id });
    });
    await running;
    expect((await queue.shards(job.id)).map((s) => s.units)).toEqual([3, 3, 2]);
    const done = await queue.wait(job.id);
    expect(done.result).toMatchObject({ shards: 3, chunks: 8 });
    expect(done.progress).toMatchObject({ done: 8, total: 8 });
    const started = logger.lines
      .filter((l) => l.msg === 'shard started')
      .map((l) => (l.obj as { shard: number }).shard);
    expect(started.sort()).toEqual([0, 1, 2]);
    const redis = new Redis(url);
    expect(await redis.exists(`${prefix}:shards:${job.id}`, `${prefix}:shard-done:${job.id}`)).toBe(0);
    redis.disconnect();
    await queue.close();
    await harness.destroyState(state);
  });

  it('says which Redis it cannot reach', async () => {
    await expect(
      RedisJobQueue.open({ url: 'redis://127.0.0.1:1', handlers: {}, resultsDir: '/tmp' }),
    ).rejects.toSatisfy(
      (e) => isStrataError(e) && /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/.test((e as Error).message),
    );
    // ...without its password.
    const err = await RedisJobQueue.open({
      url: 'redis://app:s3cret-password@127.0.0.1:1/0',
      handlers: {},
      resultsDir: '/tmp',
    }).then(
      () => new Error('it opened'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toContain('redis://app:***@127.0.0.1:1/0');
    expect(err.message).not.toContain('s3cret');
  });

  it('lets a process with no workers submit and follow jobs that another process runs', async () => {
    const state = await harness.createState();
    const api = await RedisJobQueue.open({
      ...stateOf(state),
      handlers: contractHandlers,
      resultsDir: '/tmp',
      workers: 0,
    });
    const job = await api.submit({ kind: 'contract.sum', input: { chunks: 3, chunkSize: 2, delayMs: 5 } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.get(job.id))!.state).toBe('queued');
    const worker = await harness.open(state, contractHandlers, { workers: 1 });
    const final = await api.wait(job.id);
    expect(final).toMatchObject({ state: 'succeeded', attempts: 1, result: { chunks: 3 } });
    await worker.close();
    await api.close();
    await harness.destroyState(state);
  });

  it('notices when its store lost its data (a Redis restarted without persistence) and says so on every ping', async () => {
    const state = await harness.createState();
    const { url, prefix } = stateOf(state);
    const logger = captureLogger();
    const queue = await openLogged(url, prefix, 0, logger);
    const job = await queue.submit({ kind: 'contract.sum', input: { chunks: 1, chunkSize: 1 } });
    expect(await queue.ping()).toBeUndefined();
    // What a restart without persistence leaves of this queue's keys: none (the keys of other tests' queues stay).
    const redis = new Redis(url);
    const keys = await redis.keys(`${prefix}:*`);
    await redis.del(...keys);
    redis.disconnect();
    expect(await queue.get(job.id)).toBeUndefined();
    const note = await queue.ping();
    expect(note).toMatch(
      /^the job store lost its data \(found at .*\): jobs submitted before then are gone$/,
    );
    expect(await queue.ping()).toBe(note);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'the job store lost its data (Redis restarted without persistence, or was flushed): its jobs are gone',
    ]);
    await queue.close();
    await harness.destroyState(state);
  });
});
