// One orchestrator: the same sharded job gives the same result and the same rows on both queues.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness as embedded } from './testing/embedded-harness.js';
import { contractHandlers } from './testing/handlers.js';
import type { JobQueueHarness } from './testing/job-queue-contract.js';
import { harness as redis } from './testing/redis-harness.js';
import type { JobInfo } from './types.js';

const input = { chunks: 11, chunkSize: 7, delayMs: 1, shardChunks: 3 };

async function rowsOf(job: JobInfo): Promise<string[]> {
  const files = (await readdir(job.resultsLocation)).filter((f) => /^part-\d+\.json$/.test(f));
  const parts = await Promise.all(files.map((f) => readFile(join(job.resultsLocation, f), 'utf8')));
  return parts.sort();
}

async function runOn(harness: JobQueueHarness): Promise<{ job: JobInfo; rows: string[] }> {
  const state = await harness.createState();
  const queue = await harness.open(state, contractHandlers, { workers: 2 });
  try {
    const submitted = await queue.submit({ kind: 'contract.sharded-sum', input });
    const job = await queue.wait(submitted.id);
    return { job, rows: await rowsOf(job) };
  } finally {
    await queue.close();
    await harness.destroyState(state);
  }
}

describe('the embedded and Redis queues run a sharded job alike', () => {
  it('gives identical results, rows and progress', async () => {
    const a = await runOn(embedded);
    const b = await runOn(redis);
    expect(a.job.state).toBe('succeeded');
    expect(b.job.result).toEqual(a.job.result);
    expect(a.job.result).toMatchObject({ chunks: 11, shards: 4 });
    expect(b.rows).toEqual(a.rows);
    expect(a.rows).toHaveLength(11);
    expect(b.job.progress).toMatchObject({ done: 11, total: 11 });
    expect(a.job.progress).toMatchObject({ done: 11, total: 11 });
  });
});
