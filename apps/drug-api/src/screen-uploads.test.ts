// Screen uploads as clients send them (with or without a Content-Type), and the file's own name in
// the messages of a screen that fails on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';
import { listenLocal, type LocalServer } from '@strata/service/testing';

/** A stored upload's name: a random id, which must never reach a message. */
const STORED = /[0-9a-f]{8}-[0-9a-f]{4}-/;
const options = encodeURIComponent(JSON.stringify({ descriptors: ['tpsa'], qed: false, sa: false }));

let opened: AppUnderTest;
let server: LocalServer;
let base = '';

beforeAll(async () => {
  opened = await openAppUnderTest('drug-screen-uploads');
  server = await listenLocal(opened.app);
  base = server.base;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await opened?.close();
});

/** Uploads `text` as the body (no Content-Type unless `headers` gives one); answers the job. */
async function upload(query: string, text: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/screens?${query}`, {
    method: 'POST',
    headers,
    body: new TextEncoder().encode(text),
  });
  return { status: res.status, body: (await res.json()) as { id: string; name: string | null } };
}

describe('screen uploads', () => {
  it('take a file sent without a Content-Type, or as curl --data-binary sends it, with the options from the query', async () => {
    for (const headers of [{}, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const res = await upload(
        `options=${options}&name=plain`,
        'smiles,id\nCCO,ethanol\nc1ccccc1O,phenol\n',
        headers,
      );
      expect(res.status).toBe(202);
      const done = await opened.queue.wait(res.body.id);
      expect(done.state).toBe('succeeded');
      expect(done.result).toMatchObject({ rows: 2, failed: 0, columns: expect.arrayContaining(['tpsa']) });
      expect(done.name).toBe('plain');
    }
  });

  it('fail naming the file as its sender named it, never by the name it is stored under', async () => {
    const named = { 'content-disposition': 'attachment; filename="assay plate 7.csv"' };
    const res = await upload(`options=${options}&format=csv`, 'name,weight\naspirin,180\n', named);
    expect(res.status).toBe(202);
    // The job is known by the file where its client gave it no name.
    expect(res.body.name).toBe('assay plate 7.csv');
    const done = await opened.queue.wait(res.body.id);
    expect(done.error).toMatchObject({ code: 'COLUMN_NOT_FOUND' });
    expect(done.error!.message).toBe('assay plate 7.csv: no SMILES column: the columns are name, weight');
    // An empty file, which says what it is (a body that says nothing and holds nothing is no file).
    const empty = await upload(`options=${options}&filename=empty.smi`, '', { 'content-type': 'text/plain' });
    const failed = await opened.queue.wait(empty.body.id);
    expect(failed.error!.message).toBe('empty.smi holds no molecules: it is empty');
    const unnamed = await opened.queue.wait((await upload(`options=${options}`, '\n')).body.id);
    expect(unnamed.error!.message).toMatch(/^the uploaded file holds no molecules/);
    for (const job of [done, failed, unnamed]) expect(job.error!.message).not.toMatch(STORED);
  });
});
