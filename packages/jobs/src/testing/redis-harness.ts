import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { JobQueueHarness } from './job-queue-contract.js';
import { RedisJobQueue } from '../redis/redis-queue.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The Redis of the test run (`test/redis-server.ts`), or null without one. */
    redisUrl: string | null;
  }
}

/** The Redis server of the test run, as the test setup provides it; throws saying how to get one. */
export async function testRedisUrl(): Promise<string> {
  // Loaded here, not at the top: the contract suite's queue process imports this module outside vitest.
  const { inject } = await import('vitest');
  const url = inject('redisUrl');
  if (!url)
    throw new Error(
      'no Redis for the tests: install redis-server (apt-get install redis-server), or set STRATA_TEST_REDIS_URL',
    );
  return url;
}

/**
 * A harness state: the Redis URL and a key prefix of its own, as one string, so that the queue
 * process the contract suite starts (which gets the state on its command line) finds the server too.
 */
export function stateOf(state: string): { url: string; prefix: string } {
  const at = state.lastIndexOf(' ');
  return { url: state.slice(0, at), prefix: state.slice(at + 1) };
}

/**
 * The contract-suite harness of the Redis queue: a state is a key prefix of its own on the test
 * server, with a results directory; stalls are detected within a few seconds, not the default 30.
 */
export const harness: JobQueueHarness = {
  createState: async () => `${await testRedisUrl()} strata-test-${randomUUID()}`,
  open: (state, handlers, options = {}) => {
    const { url, prefix } = stateOf(state);
    return RedisJobQueue.open({
      url,
      prefix,
      handlers,
      resultsDir: join(tmpdir(), prefix),
      workers: options.workers ?? 2,
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
      progressPersistMs: 0,
    });
  },
  destroyState: async (state) => {
    const { url, prefix } = stateOf(state);
    const redis = new Redis(url);
    try {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
        if ((keys as string[]).length) await redis.del(...(keys as string[]));
    } finally {
      redis.disconnect();
    }
    await rm(join(tmpdir(), prefix), { recursive: true, force: true });
  },
};
