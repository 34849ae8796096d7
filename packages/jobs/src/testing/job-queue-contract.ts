import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import type { JobEvent, JobInfo, JobQueue } from '../types.js';
import { contractHandlers } from './handlers.js';
import { runRetentionContract } from './retention-contract.js';
import { sumOfSquares, type SumInput } from './sum-of-squares.job.js';

/** What the contract suite needs to know about a {@link JobQueue} implementation. */
export interface JobQueueHarness {
  /** Creates a fresh, empty shared state (a directory, a Redis key prefix) and returns its name. */
  createState(): Promise<string>;
  /** Opens a queue on `state` that also executes jobs in this process, with `handlers` registered. */
  open(
    state: string,
    handlers: Readonly<Record<string, URL>>,
    options?: { workers?: number; retentionMs?: number },
  ): Promise<JobQueue>;
  /** Removes what {@link createState} made. */
  destroyState(state: string): Promise<void>;
}

const sum = (input: SumInput) => sumOfSquares(0, input.chunks * input.chunkSize);
const spec = (input: SumInput) => ({ kind: 'contract.sum', input });

async function partsOf(job: JobInfo): Promise<string[]> {
  const files = (await readdir(job.resultsLocation)).filter((f) => /^part-\d+\.json$/.test(f)).sort();
  return Promise.all(files.map((f) => readFile(join(job.resultsLocation, f), 'utf8')));
}

/**
 * The contract every {@link JobQueue} implementation passes: submit, status, progress events with rate
 * and ETA, failure, cancellation of queued and running jobs, listing, results location, persistence
 * across close and reopen, and resume from the last checkpoint after the process running a job is killed.
 *
 * @example
 * ```ts
 * // embedded-queue.test.ts
 * runJobQueueContract('EmbeddedJobQueue', harness, new URL('./embedded-harness.ts', import.meta.url));
 * ```
 *
 * @param harnessModule a module exporting the same harness as `harness`, for the child process of the kill test
 */
export function runJobQueueContract(name: string, harness: JobQueueHarness, harnessModule: URL): void {
  describe(`JobQueue contract: ${name}`, () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });
    async function fresh(workers = 2): Promise<{ state: string; queue: JobQueue }> {
      const state = await harness.createState();
      const queue = await harness.open(state, contractHandlers, { workers });
      cleanups.push(
        () => harness.destroyState(state),
        () => queue.close(),
      );
      return { state, queue };
    }

    it('runs a job to its result and reports where its results are', async () => {
      const { queue } = await fresh();
      const input = { chunks: 4, chunkSize: 10, delayMs: 0 };
      const job = await queue.submit({ ...spec(input), name: 'squares' });
      expect(job).toMatchObject({ kind: 'contract.sum', name: 'squares', input, cancelRequested: false });
      expect(['queued', 'running']).toContain(job.state);
      const done = await queue.wait(job.id);
      expect(done).toMatchObject({
        state: 'succeeded',
        result: { sum: sum(input), chunks: 4 },
        error: null,
        attempts: 1,
      });
      expect(done.progress).toMatchObject({ done: 4, total: 4 });
      expect(done.finishedAt).not.toBeNull();
      expect(await queue.get(job.id)).toEqual(done);
      expect((await partsOf(done)).map((p) => (JSON.parse(p) as { chunk: number }).chunk)).toEqual([
        0, 1, 2, 3,
      ]);
    });

    it('emits progress events with done, total, rate and ETA', async () => {
      const { queue } = await fresh();
      const events: JobEvent[] = [];
      const job = await queue.submit(spec({ chunks: 6, chunkSize: 1, delayMs: 20 }));
      const stop = queue.subscribe((e) => events.push(e), { jobId: job.id });
      await queue.wait(job.id);
      stop();
      const progress = events.filter((e) => e.type === 'progress').map((e) => e.job.progress);
      expect(progress.length).toBeGreaterThanOrEqual(5);
      expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });
      const measured = progress.find((p) => p.rate !== null && p.done < 6)!;
      expect(measured.rate).toBeGreaterThan(0);
      expect(measured.etaSeconds).toBeCloseTo((6 - measured.done) / measured.rate!, 6);
      expect(events.filter((e) => e.type === 'state').map((e) => e.job.state)).toContain('succeeded');
    });

    it('fails a job whose handler throws, with its code and message, and keeps running others', async () => {
      const { queue } = await fresh();
      const bad = await queue.submit(spec({ chunks: 5, chunkSize: 1, delayMs: 0, failAt: 2 }));
      const good = await queue.submit(spec({ chunks: 2, chunkSize: 1, delayMs: 0 }));
      expect(await queue.wait(bad.id)).toMatchObject({
        state: 'failed',
        error: { code: 'TEST_POISON', message: 'chunk 2 is poisoned' },
        result: null,
      });
      expect((await queue.wait(good.id)).state).toBe('succeeded');
    });

    it('ignores what a handler does after its attempt ended', async () => {
      const { queue } = await fresh(1);
      const first = await queue.submit({ kind: 'contract.misbehaving', input: { delayMs: 5 } });
      expect(await queue.wait(first.id)).toMatchObject({ state: 'succeeded', result: { ok: true } });
      const next = await queue.submit(spec({ chunks: 5, chunkSize: 1, delayMs: 5 }));
      expect((await queue.wait(next.id)).state).toBe('succeeded');
      expect((await queue.get(first.id))!.progress.done).toBe(0);
    });

    it('refuses unknown job kinds and names unknown jobs', async () => {
      const { queue } = await fresh();
      await expect(queue.submit({ kind: 'nope', input: {} })).rejects.toSatisfy((e) =>
        isStrataError(e, 'JOB_HANDLER_UNKNOWN'),
      );
      expect(await queue.get('missing')).toBeUndefined();
      await expect(queue.cancel('missing')).rejects.toSatisfy((e) => isStrataError(e, 'JOB_NOT_FOUND'));
      await expect(queue.wait('missing')).rejects.toSatisfy((e) => isStrataError(e, 'JOB_NOT_FOUND'));
    });

    it('cancels a running job between units of work and a queued job at once', async () => {
      const { queue } = await fresh(1);
      const running = await queue.submit(spec({ chunks: 1000, chunkSize: 1, delayMs: 10 }));
      const queued = await queue.submit(spec({ chunks: 1, chunkSize: 1, delayMs: 0 }));
      await new Promise<void>((resolve) => {
        const stop = queue.subscribe((e) => e.job.progress.done >= 2 && (stop(), resolve()), {
          jobId: running.id,
        });
      });
      expect((await queue.cancel(queued.id)).state).toBe('cancelled');
      expect((await queue.cancel(running.id)).cancelRequested).toBe(true);
      const final = await queue.wait(running.id);
      expect(final.state).toBe('cancelled');
      expect(final.progress.done).toBeLessThan(1000);
      expect((await queue.get(queued.id))!.attempts).toBe(0);
      expect((await queue.cancel(running.id)).state).toBe('cancelled');
    });

    it('lists jobs newest first, filtered by state and kind', async () => {
      const { queue } = await fresh();
      const a = await queue.submit(spec({ chunks: 1, chunkSize: 1, delayMs: 0 }));
      const b = await queue.submit(spec({ chunks: 1, chunkSize: 1, delayMs: 0, failAt: 0 }));
      await queue.wait(a.id);
      await queue.wait(b.id);
      expect((await queue.list()).map((j) => j.id)).toEqual([b.id, a.id]);
      expect((await queue.list({ state: ['failed'] })).map((j) => j.id)).toEqual([b.id]);
      expect(await queue.list({ kind: 'other' })).toEqual([]);
    });

    it('keeps jobs across close and reopen, and resumes one interrupted by close', async () => {
      const state = await harness.createState();
      cleanups.push(() => harness.destroyState(state));
      const first = await harness.open(state, contractHandlers, { workers: 1 });
      const input = { chunks: 40, chunkSize: 3, delayMs: 10 };
      const finished = await first.submit(spec({ chunks: 1, chunkSize: 1, delayMs: 0 }));
      await first.wait(finished.id);
      const job = await first.submit(spec(input));
      await new Promise<void>((resolve) => {
        const stop = first.subscribe((e) => e.job.progress.done >= 3 && (stop(), resolve()), {
          jobId: job.id,
        });
      });
      await first.close();
      const second = await harness.open(state, contractHandlers, { workers: 1 });
      cleanups.push(() => second.close());
      expect((await second.get(finished.id))!.state).toBe('succeeded');
      const final = await second.wait(job.id);
      expect(final).toMatchObject({ state: 'succeeded', result: { sum: sum(input) }, attempts: 2 });
      expect(final.resumedFrom).toBeGreaterThanOrEqual(3);
      expect(await partsOf(final)).toHaveLength(40);
    });

    it('runs a sharded job to the same result as the plain one, its progress summed over the shards', async () => {
      const { queue } = await fresh();
      const input = { chunks: 10, chunkSize: 7, delayMs: 5, shardChunks: 3 };
      const events: JobEvent[] = [];
      const job = await queue.submit({ kind: 'contract.sharded-sum', input });
      const stop = queue.subscribe((e) => events.push(e), { jobId: job.id });
      const done = await queue.wait(job.id);
      stop();
      expect(done).toMatchObject({ state: 'succeeded', result: { sum: sum(input), chunks: 10, shards: 4 } });
      expect(done.progress).toMatchObject({ done: 10, total: 10 });
      const seen = events.map((e) => e.job.progress.done);
      expect(Math.max(...seen)).toBe(10);
      expect(
        (await partsOf(done)).map((p) => (JSON.parse(p) as { chunk: number }).chunk).sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 10 }, (_, i) => i));
    });

    it('fails a sharded job when one shard fails, and cancels every shard of a cancelled one', async () => {
      const { queue } = await fresh();
      const bad = await queue.submit({
        kind: 'contract.sharded-sum',
        input: { chunks: 9, chunkSize: 1, delayMs: 5, shardChunks: 3, failAt: 4 },
      });
      expect(await queue.wait(bad.id)).toMatchObject({
        state: 'failed',
        error: { code: 'TEST_POISON', message: 'chunk 4 is poisoned' },
      });
      const long = await queue.submit({
        kind: 'contract.sharded-sum',
        input: { chunks: 400, chunkSize: 1, delayMs: 10, shardChunks: 100 },
      });
      await new Promise<void>((resolve) => {
        const stop = queue.subscribe((e) => e.job.progress.done >= 3 && (stop(), resolve()), {
          jobId: long.id,
        });
      });
      await queue.cancel(long.id);
      const final = await queue.wait(long.id);
      expect(final.state).toBe('cancelled');
      expect(final.progress.done).toBeLessThan(400);
    });

    it('resumes from the last checkpoint after the process running the job is killed', async () => {
      const state = await harness.createState();
      cleanups.push(() => harness.destroyState(state));
      const input = { chunks: 30, chunkSize: 1000, delayMs: 25 };
      const script = fileURLToPath(
        new URL(`./queue-process${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
      );
      // tsx lets the child load the sources when the suite runs from them (and is harmless on the build).
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const child = spawn(
        process.execPath,
        ['--import', tsx, script, harnessModule.href, state, JSON.stringify(spec(input))],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise((r) => child.once('exit', r));
      cleanups.push(async () => (child.kill('SIGKILL'), exited));
      let id: string | undefined;
      let seen = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const e = JSON.parse(line) as { type: string; id: string; done: number };
        if (e.type === 'submitted') id = e.id;
        seen = Math.max(seen, e.done ?? 0);
        if (id && seen >= 5) break;
      }
      expect(id).toBeDefined();
      child.kill('SIGKILL');
      await exited;
      const queue = await harness.open(state, contractHandlers, { workers: 1 });
      cleanups.push(() => queue.close());
      const final = await queue.wait(id!);
      expect(final).toMatchObject({
        state: 'succeeded',
        result: { sum: sum(input), chunks: 30 },
        attempts: 2,
      });
      expect(final.resumedFrom).toBeGreaterThanOrEqual(5);
      expect(final.resumedFrom).toBeLessThan(30);
      // The same results as an uninterrupted run: one part per chunk, each with its own sum.
      const parts = (await partsOf(final)).map((p) => JSON.parse(p) as { chunk: number; sum: number });
      expect(parts.map((p) => p.chunk).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i),
      );
      for (const p of parts) expect(p.sum).toBe(sumOfSquares(p.chunk * 1000, (p.chunk + 1) * 1000));
    });
    runRetentionContract(harness);
  });
}
