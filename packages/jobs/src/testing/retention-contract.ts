import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import type { JobQueue } from '../types.js';
import { contractHandlers } from './handlers.js';
import type { JobQueueHarness } from './job-queue-contract.js';

/** An upload-like file a job owns. */
async function ownedFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'strata-upload-')), 'upload.csv');
  await writeFile(path, 'x\n1\n');
  return path;
}

/** Polls until `check` holds, for at most `ms`: the queue's sweep runs on its own timer. */
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (await check()) return true;
  return check();
}

/** The retention part of the {@link JobQueue} contract: removal by a user, and expiry. */
export function runRetentionContract(harness: JobQueueHarness): void {
  describe('retention', () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });
    async function fresh(retentionMs?: number): Promise<JobQueue> {
      const state = await harness.createState();
      const queue = await harness.open(state, contractHandlers, {
        workers: 1,
        ...(retentionMs !== undefined ? { retentionMs } : {}),
      });
      cleanups.push(
        () => harness.destroyState(state),
        () => queue.close(),
      );
      return queue;
    }
    const input = { chunks: 2, chunkSize: 3, delayMs: 0 };

    it('removes a finished job with its results and files, and refuses one still running', async () => {
      const queue = await fresh();
      const file = await ownedFile();
      const job = await queue.wait((await queue.submit({ kind: 'contract.sum', input, files: [file] })).id);
      expect(existsSync(job.resultsLocation)).toBe(true);
      const slow = await queue.submit({ kind: 'contract.sum', input: { ...input, chunks: 50, delayMs: 20 } });
      const refused = await queue.remove(slow.id).catch((e: unknown) => e);
      expect(isStrataError(refused, 'JOB_NOT_FINISHED')).toBe(true);
      await queue.remove(job.id);
      expect(await queue.get(job.id)).toBeUndefined();
      expect(existsSync(job.resultsLocation)).toBe(false);
      expect(existsSync(file)).toBe(false);
      const again = await queue.remove(job.id).catch((e: unknown) => e);
      expect(isStrataError(again, 'JOB_NOT_FOUND')).toBe(true);
      await queue.cancel(slow.id);
    });

    it('expires finished jobs after the retention: their files are gone and their ids unknown', async () => {
      const queue = await fresh(300);
      const file = await ownedFile();
      const job = await queue.wait((await queue.submit({ kind: 'contract.sum', input, files: [file] })).id);
      expect(job.state).toBe('succeeded');
      expect(await eventually(async () => (await queue.get(job.id)) === undefined)).toBe(true);
      expect(existsSync(job.resultsLocation)).toBe(false);
      expect(existsSync(file)).toBe(false);
      expect((await queue.list()).map((j) => j.id)).not.toContain(job.id);
      await queue.ping();
    });

    it('keeps finished jobs for ever with retention 0, and lists a page of them', async () => {
      const queue = await fresh(0);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await queue.submit({ kind: 'contract.sum', input })).id);
      for (const id of ids) await queue.wait(id);
      await sleep(300);
      expect((await queue.list()).map((j) => j.id)).toEqual([...ids].reverse());
      expect((await queue.list({ limit: 2 })).map((j) => j.id)).toEqual([ids[2], ids[1]]);
    });
  });
}
