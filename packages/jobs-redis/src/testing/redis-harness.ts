import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { JobQueueHarness } from '@strata/core/testing';
import { RedisJobQueue } from '../redis-queue.js';

/** The Redis server of the test run (started by the test setup, or the developer's own). */
export function testRedisUrl(): string {
  // The test setup's server, inherited by the queue processes the contract suite starts too.
  // eslint-disable-next-line no-restricted-properties -- test support, not product configuration
  const url = process.env.STRATA_TEST_REDIS_URL;
  if (!url)
    throw new Error(
      'no Redis for the tests: install redis-server (apt-get install redis-server), or set STRATA_TEST_REDIS_URL',
    );
  return url;
}

/**
 * The contract-suite harness of the Redis queue: a state is a key prefix of its own on the test
 * server, with a results directory; stalls are detected within a few seconds, not the default 30.
 */
export const harness: JobQueueHarness = {
  createState: () => Promise.resolve(`strata-test-${randomUUID()}`),
  open: (prefix, handlers, options = {}) =>
    RedisJobQueue.open({
      url: testRedisUrl(),
      prefix,
      handlers,
      resultsDir: join(tmpdir(), prefix),
      workers: options.workers ?? 2,
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
      progressPersistMs: 0,
    }),
  destroyState: async (prefix) => {
    const redis = new Redis(testRedisUrl());
    try {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
        if ((keys as string[]).length) await redis.del(...(keys as string[]));
    } finally {
      redis.disconnect();
    }
    await rm(join(tmpdir(), prefix), { recursive: true, force: true });
  },
};
