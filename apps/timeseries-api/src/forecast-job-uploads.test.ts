// Forecast-job uploads as clients send them (with or without a Content-Type, CSV or Arrow), and the
// file's own name in the messages of a job that fails on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsToTable, tableToArrowBytes } from '@strata/core';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';
import { listenLocal, type LocalServer } from '@strata/service/testing';

/** A stored upload's name: a random id, which must never reach a message. */
const STORED = /[0-9a-f]{8}-[0-9a-f]{4}-/;
const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2024, 0, i + 1)).toISOString());
const csv = `id,timestamp,value\n${days.map((d, i) => `a,${d},${10 + (i % 7)}`).join('\n')}\n`;

let under: AppUnderTest;
let server: LocalServer;
let base = '';

beforeAll(async () => {
  under = await openAppUnderTest('ts-job-uploads');
  server = await listenLocal(under.app);
  base = server.base;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await under?.close();
});

/** Uploads `body` (no Content-Type unless `headers` gives one); answers the job. */
async function upload(query: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/forecast-jobs?${query}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
  return { status: res.status, body: (await res.json()) as { id: string; name: string | null } };
}

describe('forecast-job uploads', () => {
  it('take CSV or Arrow sent without a Content-Type, or as curl --data-binary sends it, with h and model from the query', async () => {
    const arrow = tableToArrowBytes(
      columnsToTable({ id: days.map(() => 'a'), timestamp: days, value: days.map((_, i) => 10 + (i % 7)) }),
    );
    for (const [body, headers] of [
      [csv, {}],
      [csv, { 'content-type': 'application/x-www-form-urlencoded' }],
      [arrow, {}],
      [arrow, { 'content-type': 'application/octet-stream' }],
    ] as const) {
      const res = await upload('h=3&model=naive', body, headers);
      expect(res.status).toBe(202);
      const done = await under.queue.wait(res.body.id);
      expect(done.error).toBeNull();
      expect(done.result).toMatchObject({ series: 1, failed: 0 });
    }
  });

  it('fail naming the file as its sender named it, never by the name it is stored under', async () => {
    const named = { 'content-disposition': 'attachment; filename="store sales.csv"' };
    const res = await upload('h=3', 'store,day,sales\n1,2024-01-01,3\n', named);
    expect(res.status).toBe(202);
    // The job is known by the file where its client gave it no name.
    expect(res.body.name).toBe('store sales.csv');
    const done = await under.queue.wait(res.body.id);
    expect(done.error).toMatchObject({ code: 'COLUMN_NOT_FOUND' });
    expect(done.error!.message).toMatch(/^store sales\.csv: no id column/);
    const header = await under.queue.wait(
      (await upload('h=3&filename=empty.csv', 'id,timestamp,value\n')).body.id,
    );
    expect(header.error!.message).toBe('empty.csv holds no series: it has a header and no rows');
    const unnamed = await under.queue.wait((await upload('h=3', 'id,timestamp,value\n"a,1,2\n')).body.id);
    expect(unnamed.error!.message).toMatch(/^the uploaded file: line 2: /);
    for (const job of [done, header, unnamed]) expect(job.error!.message).not.toMatch(STORED);
  });
});
