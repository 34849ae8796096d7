import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { captureLogger } from '@strata/core/testing';
import { harness } from '../testing/embedded-harness.js';
import { contractHandlers } from '../testing/handlers.js';
import { runJobQueueContract } from '../testing/job-queue-contract.js';
import { EmbeddedJobQueue } from './embedded-queue.js';
import { Journal } from './journal.js';

runJobQueueContract('EmbeddedJobQueue', harness, new URL('../testing/embedded-harness.ts', import.meta.url));

describe('EmbeddedJobQueue', () => {
  it('refuses a state directory another open queue holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await expect(EmbeddedJobQueue.open({ dir, handlers: contractHandlers })).rejects.toSatisfy((e) =>
      isStrataError(e, 'JOB_STATE_LOCKED'),
    );
    await queue.close();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await again.close();
  });

  it('takes over a lock file that holds no live pid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    await writeFile(join(dir, 'lock'), '');
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    await queue.close();
  });

  it('validates options before taking the lock, and knows a directory by its real path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    await expect(EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 0 })).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'INVALID_ARGUMENT') &&
        /workers must be a positive integer, got 0/.test((e as Error).message),
    );
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await expect(EmbeddedJobQueue.open({ dir: `${dir}/`, handlers: contractHandlers })).rejects.toSatisfy(
      (e) => isStrataError(e, 'JOB_STATE_LOCKED'),
    );
    await queue.close();
  });

  it('rejects waits pending when it closes, and does not resurrect a job being cancelled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    const job = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 1000, chunkSize: 1, delayMs: 10 },
    });
    const waiting = queue.wait(job.id).catch((e: unknown) => e);
    await queue.close();
    expect(isStrataError(await waiting, 'ABORTED')).toBe(true);
    // The process dies while a cancel is on its way: on reopening the job ends cancelled, not run again.
    const { journal } = Journal.open(dir);
    journal.patch(job.id, { state: 'running', cancelRequested: true });
    journal.close();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    expect(await again.get(job.id)).toMatchObject({ state: 'cancelled', attempts: 1 });
    await again.close();
  });

  it('refuses an input that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    await expect(queue.submit({ kind: 'contract.sum', input: { n: 1n } as never })).rejects.toSatisfy(
      (e) => isStrataError(e, 'INVALID_ARGUMENT') && /a job input must be JSON/.test((e as Error).message),
    );
    expect(await queue.list()).toEqual([]);
    await queue.close();
  });

  it('fails a job whose handler module has no handler, naming the module', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({
      dir,
      handlers: { broken: new URL('../types.ts', import.meta.url) },
      workers: 1,
    });
    const job = await queue.submit({ kind: 'broken', input: null });
    const final = await queue.wait(job.id);
    expect(final.state).toBe('failed');
    expect(final.error).toMatchObject({ code: 'JOB_HANDLER_UNKNOWN' });
    expect(final.error!.message).toMatch(/types\.ts has no default export with a run\(\) function/);
    await queue.close();
  });

  it("drops a cancelled sharded job's queued shards at once, and resumes a reopened one from its shards' checkpoints", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const logger = captureLogger();
    const queue = await EmbeddedJobQueue.open({
      dir,
      handlers: contractHandlers,
      workers: 1,
      logger,
      progressPersistMs: 0,
    });
    const input = { chunks: 6, chunkSize: 1, delayMs: 100, shardChunks: 1 };
    const job = await queue.submit({ kind: 'contract.sharded-sum', input });
    await new Promise<void>((resolve) => {
      const stop = queue.subscribe(
        (e) => e.job.state === 'running' && e.job.progress.done >= 1 && (stop(), resolve()),
        {
          jobId: job.id,
        },
      );
    });
    await queue.cancel(job.id);
    expect((await queue.wait(job.id)).state).toBe('cancelled');
    // One thread: the shard running when the cancel came, and no other, was ever started.
    expect(logger.lines.filter((l) => l.msg === 'shard started')).toHaveLength(1);

    const resumed = await queue.submit({ kind: 'contract.sharded-sum', input: { ...input, delayMs: 30 } });
    await new Promise<void>((resolve) => {
      const stop = queue.subscribe((e) => e.job.progress.done >= 2 && (stop(), resolve()), {
        jobId: resumed.id,
      });
    });
    await queue.close();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 2 });
    const done = await again.wait(resumed.id);
    await again.close();
    expect(done).toMatchObject({ state: 'succeeded', result: { chunks: 6, shards: 6 }, attempts: 2 });
    // What the shards had committed or checkpointed, never more: each shard of one chunk checkpoints once, at its end.
    expect(done.resumedFrom).toBeGreaterThanOrEqual(2);
    expect(done.resumedFrom).toBeLessThan(6);
  });

  it('fails a job the process died under three times, instead of resuming it for ever', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const first = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    const job = await first.submit({
      kind: 'contract.sum',
      input: { chunks: 50, chunkSize: 1, delayMs: 20 },
    });
    await first.close();
    // As a process killed mid-run leaves it, the third time.
    const { journal } = Journal.open(dir);
    journal.patch(job.id, { state: 'running', crashes: 2 });
    journal.close();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    const final = await again.get(job.id);
    await again.close();
    expect(final).toMatchObject({ state: 'failed', error: { code: 'JOB_FAILED' } });
    expect(final!.error!.message).toMatch(/died under it 3 times/);
  });

  it('logs a job whose journal record is damaged, and keeps the job as its other lines leave it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const first = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1 });
    const job = await first.submit({ kind: 'contract.sum', input: { chunks: 2, chunkSize: 1 } });
    await first.wait(job.id);
    await first.close();
    const path = join(dir, 'jobs.jsonl');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"input":', '"input"')); // its record is no longer JSON
    const logger = captureLogger();
    const again = await EmbeddedJobQueue.open({ dir, handlers: contractHandlers, workers: 1, logger });
    // It had succeeded, and its patches say so: the job is there, as it ended.
    expect(await again.get(job.id)).toMatchObject({ state: 'succeeded', kind: 'contract.sum' });
    expect(logger.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'damaged line in the job journal',
        'job record lost in the job journal: the job is kept as its other lines leave it',
      ]),
    );
    expect(logger.lines.find((l) => l.msg === 'damaged line in the job journal')?.obj).toMatchObject({
      line: 1,
      reason: 'not JSON',
    });
    await again.close();
  });

  it('fails a job that passes its thread heap cap, naming the cap, and runs the next job', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-jobs-'));
    const queue = await EmbeddedJobQueue.open({
      dir,
      handlers: contractHandlers,
      workers: 1,
      threadHeapMb: 64,
    });
    const hog = await queue.submit({ kind: 'contract.memory-hog', input: { mb: 4096 } });
    const next = await queue.submit({ kind: 'contract.sum', input: { chunks: 2, chunkSize: 1 } });
    expect(await queue.wait(hog.id)).toMatchObject({
      state: 'failed',
      error: { code: 'JOB_FAILED', message: expect.stringMatching(/memory cap/) },
    });
    expect((await queue.wait(next.id)).state).toBe('succeeded');
    await queue.close();
  });
});
