import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '@strata/jobs';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { contractHandlers, sumOfSquares } from '@strata/jobs/testing';
import { createService } from './create-service.js';
import { viewOf } from './jobs-routes.js';
import { serve, type Serving } from './serve.js';

let queue: EmbeddedJobQueue;
let serving: Serving;

beforeAll(async () => {
  queue = await EmbeddedJobQueue.open({
    dir: await mkdtemp(join(tmpdir(), 'strata-service-jobs-')),
    handlers: contractHandlers,
    workers: 1,
  });
  const { app } = createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes: [],
    jobs: {
      queue,
      kinds: ['contract.sum'],
      summary: (job) => ({ sum: (job.result as { sum: number }).sum }),
      results: { 'contract.sum': (job, query) => ({ format: query.format ?? 'json', result: job.result }) },
      heartbeatSeconds: 1,
    },
  });
  serving = await serve(app, { port: 0, exitOnSignal: false, onShutdown: () => queue.close(), graceMs: 200 });
});
afterAll(() => serving.shutdown());

/** Reads a Server-Sent Events stream to its end. */
async function events(
  url: string,
): Promise<{ event: string; data: { state: string; progress: { done: number } } }[]> {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const lines = Object.fromEntries(
        block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      );
      return { event: lines.event!, data: JSON.parse(lines.data!) };
    });
}

describe('the shared job routes', () => {
  it('follows a job over Server-Sent Events to the end, then answers its results', async () => {
    const job = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 4, chunkSize: 10, delayMs: 100 },
    });
    const running = await request(serving.server).get(`/v1/jobs/${job.id}/results`);
    expect(running.status).toBe(409);
    expect(running.body.code).toBe('JOB_NOT_FINISHED');
    const stream = await events(`${serving.url}/v1/jobs/${job.id}/events`);
    expect(stream.at(-1)!.data.state).toBe('succeeded');
    expect(stream.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);
    const view = await request(serving.server).get(`/v1/jobs/${job.id}`);
    expect(view.body).toMatchObject({
      state: 'succeeded',
      progress: { done: 4, total: 4 },
      summary: { sum: sumOfSquares(0, 40) },
    });
    expect(JSON.stringify(view.body)).not.toContain(tmpdir());
    const results = await request(serving.server).get(`/v1/jobs/${job.id}/results?format=csv`);
    expect(results.body).toEqual({ format: 'csv', result: { sum: sumOfSquares(0, 40), chunks: 4 } });
    const list = await request(serving.server).get('/v1/jobs?state=succeeded');
    expect(list.body.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
  });

  it('cancels a running job, and hides jobs of other kinds', async () => {
    const job = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 50, chunkSize: 10, delayMs: 100 },
    });
    const cancelled = await request(serving.server).delete(`/v1/jobs/${job.id}`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.cancelRequested || cancelled.body.state === 'cancelled').toBe(true);
    expect((await queue.wait(job.id)).state).toBe('cancelled');
    const other = await queue.submit({ kind: 'contract.misbehaving', input: { delayMs: 10 } });
    expect((await request(serving.server).get(`/v1/jobs/${other.id}`)).status).toBe(404);
    const missing = await request(serving.server).get('/v1/jobs/no-such-job');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('JOB_NOT_FOUND');
  });

  it('cancels an unfinished job on DELETE, removes a finished one with its files, and lists a page', async () => {
    const owned = join(await mkdtemp(join(tmpdir(), 'strata-upload-')), 'input.csv');
    await writeFile(owned, 'x\n');
    const done = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 2, chunkSize: 2, delayMs: 0 },
      files: [owned],
    });
    const finished = await queue.wait(done.id);
    const slow = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 40, chunkSize: 2, delayMs: 50 },
    });
    const page = await request(serving.server).get('/v1/jobs?limit=1');
    expect(page.body.jobs.map((j: { id: string }) => j.id)).toEqual([slow.id]);
    const cancel = await request(serving.server).delete(`/v1/jobs/${slow.id}`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    // A cancel-only request on a finished job leaves it, its results and its files as they are.
    const late = await request(serving.server).post(`/v1/jobs/${done.id}/cancel`);
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ id: done.id, state: 'succeeded' });
    expect(existsSync(finished.resultsLocation)).toBe(true);
    const removed = await request(serving.server).delete(`/v1/jobs/${done.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: done.id, state: 'succeeded' });
    expect(existsSync(finished.resultsLocation)).toBe(false);
    expect(existsSync(owned)).toBe(false);
    expect((await request(serving.server).get(`/v1/jobs/${done.id}`)).status).toBe(404);
    await queue.wait(slow.id);
    // Both answers are documented, so Swagger UI shows neither as "Undocumented".
    const doc = (await request(serving.server).get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/jobs/{id}'].delete.responses)).toEqual(
      expect.arrayContaining(['202', '200', '404']),
    );
  });

  it('shuts down with an event stream open: stops taking requests, closes the stream, closes the queue', async () => {
    const job = await queue.submit({
      kind: 'contract.sum',
      input: { chunks: 100, chunkSize: 10, delayMs: 100 },
    });
    const stream = fetch(`${serving.url}/v1/jobs/${job.id}/events`).then((r) =>
      r.text().catch(() => 'closed'),
    );
    await new Promise((r) => setTimeout(r, 300));
    await serving.shutdown();
    await stream;
    await expect(fetch(`${serving.url}/healthz`)).rejects.toThrow();
    expect(serving.server.listening).toBe(false);
    // The queue closed: the unfinished job waits, checkpointed, for the next queue on its directory.
    expect((await queue.get(job.id))?.state).toBe('queued');
  });
});

describe('expired jobs', () => {
  it('answers 404 for a job past its retention, whose results are gone', async () => {
    const expiring = await EmbeddedJobQueue.open({
      dir: await mkdtemp(join(tmpdir(), 'strata-service-expiry-')),
      handlers: contractHandlers,
      workers: 1,
      retentionMs: 200,
    });
    const { app } = createService({
      domain: 'demo',
      info: { title: 'Demo', version: '1' },
      routes: [],
      jobs: { queue: expiring, kinds: ['contract.sum'], results: {} },
    });
    try {
      const job = await expiring.submit({
        kind: 'contract.sum',
        input: { chunks: 2, chunkSize: 2, delayMs: 0 },
      });
      const done = await expiring.wait(job.id);
      expect(existsSync(done.resultsLocation)).toBe(true);
      let status = 200;
      for (const end = Date.now() + 10_000; status === 200 && Date.now() < end; await sleep(25))
        status = (await request(app).get(`/v1/jobs/${job.id}`)).status;
      expect(status).toBe(404);
      expect(existsSync(done.resultsLocation)).toBe(false);
    } finally {
      await expiring.close();
    }
  });
});

describe('the view of a job', () => {
  it('shows a finished job whose summary cannot be made (its input lost with a damaged record), summary null', () => {
    const job: JobInfo = {
      id: 'j1',
      kind: 'k',
      name: null,
      state: 'succeeded',
      input: null,
      progress: { done: 1, total: 1, rate: null, etaSeconds: null },
      result: { rows: 1 },
      error: null,
      resultsLocation: 'r',
      attempts: 1,
      resumedFrom: 0,
      cancelRequested: false,
      createdAt: '2026-12-07T00:00:00Z',
      startedAt: null,
      finishedAt: null,
    };
    const summary = (j: JobInfo) => ({ options: (j.input as { options: string }).options });
    expect(viewOf(job, summary)).toMatchObject({ id: 'j1', state: 'succeeded', summary: null });
    expect(viewOf({ ...job, input: { options: 'x' } }, summary).summary).toEqual({ options: 'x' });
  });
});
