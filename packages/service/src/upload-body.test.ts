// Which body of an upload route is the file, and the name its client gave it: over a real HTTP server.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route, type RouteSpec } from './api.js';
import { createService } from './create-service.js';
import { serve, type Serving } from './serve.js';
import { postChunks } from './testing/post-chunks.js';
import type { Upload } from './uploads.js';

const post = (path: string, headers: Record<string, string>, chunks: Iterable<Buffer>) =>
  postChunks(`${serving.url}${path}`, headers, chunks);

const LIMIT = 64 * 1024;
/** The uploads the handler saw, by tag. */
const seen = new Map<string, { upload: Upload }>();

const routes: RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/files',
    summary: 'Take a file and remember it',
    query: z.object({ tag: z.string() }),
    upload: {
      types: ['text/csv', 'application/octet-stream'],
      maxBytes: LIMIT,
      description: 'Any file',
      extensions: { 'text/csv': '.csv' },
    },
    handler: ({ query, upload }) => {
      seen.set(query.tag, { upload: upload! });
      return { bytes: upload!.bytes };
    },
  }),
  route({
    method: 'post',
    path: '/v1/either',
    summary: 'Take JSON or a file, its options in the query, as the weather and screen routes do',
    query: z.object({ model: z.string().optional() }),
    body: z.object({ model: z.string() }),
    upload: { types: ['application/x-netcdf'], maxBytes: LIMIT, description: 'Any file' },
    handler: async ({ query, body, upload }) =>
      upload
        ? { via: 'file', model: query.model, text: await readFile(upload.path, 'utf8') }
        : { via: 'json', model: body.model },
  }),
];

let serving: Serving;

beforeAll(async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'strata-upload-body-')), 'uploads');
  const { app } = createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes,
    uploadsDir: dir,
  });
  serving = await serve(app, { port: 0, exitOnSignal: false });
});

afterAll(() => serving.shutdown());

describe('upload routes', () => {
  it('take any body but JSON as the file, whatever type it claims or without one, with the query’s options', async () => {
    const file = Buffer.from('CDF\x01 the file itself');
    // curl --data-binary says x-www-form-urlencoded; -H 'Content-Type:' says nothing at all.
    for (const type of [
      undefined,
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'text/xml',
    ]) {
      const res = await post('/v1/either?model=m1', type ? { 'content-type': type } : {}, [file]);
      expect(res.body).toEqual({ via: 'file', model: 'm1', text: file.toString() });
    }
    const json = await post('/v1/either', { 'content-type': 'application/json' }, [
      Buffer.from('{"model":"m2"}'),
    ]);
    expect(json.body).toEqual({ via: 'json', model: 'm2' });
    const none = await post('/v1/either?model=m1', { 'content-length': '0' }, []);
    expect(none.body).toMatchObject({ status: 400, field: 'body.model' });
    // An empty body that says what it is is an empty file.
    const empty = await post(
      '/v1/either?model=m1',
      { 'content-type': 'text/csv', 'content-length': '0' },
      [],
    );
    expect(empty.body).toEqual({ via: 'file', model: 'm1', text: '' });
  });

  it('keep the name the client gave the file, from Content-Disposition or the query, never a path', async () => {
    const send = (tag: string, headers: Record<string, string>) =>
      post(`/v1/files?tag=${tag}`, headers, [Buffer.from('a,b\n')]).then(() => seen.get(tag)!.upload);
    const plain = await send('cd', { 'content-disposition': 'attachment; filename="my data.csv"' });
    expect(plain).toMatchObject({ name: 'my data.csv', label: 'my data.csv', mediaType: '' });
    // Without a type, the stored file takes its client's extension where the route knows it.
    expect(plain.path).toMatch(/[0-9a-f-]{36}\.csv$/);
    const utf8 = await send('cd-utf8', {
      'content-disposition': `attachment; filename="fallback.csv"; filename*=UTF-8''m%C3%A9t%C3%A9o%20mars.csv`,
    });
    expect(utf8.name).toBe('météo mars.csv');
    const query = await post(
      `/v1/files?tag=q&filename=${encodeURIComponent('C:\\Users\\me\\series.csv')}`,
      {},
      [Buffer.from('a\n')],
    ).then(() => seen.get('q')!.upload);
    expect(query.name).toBe('series.csv');
    const path = await post(
      `/v1/files?tag=path&filename=${encodeURIComponent('../../etc/pass\u0007wd')}`,
      {},
      [Buffer.from('a\n')],
    ).then(() => seen.get('path')!.upload);
    expect(path.name).toBe('passwd');
    expect(path.path).toMatch(/[0-9a-f-]{36}$/);
    const none = await send('unnamed', { 'content-type': 'text/csv' });
    expect(none).toMatchObject({ name: null, label: 'the uploaded file' });
  });

  it('keep a name that shows as it is: no C1 or bidirectional controls, at most 120 characters with its extension', async () => {
    const named = async (tag: string, name: string) => {
      const header = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
      await post(`/v1/files?tag=${tag}`, { 'content-disposition': header }, [Buffer.from('a\n')]);
      return seen.get(tag)!.upload.name;
    };
    // U+202E shows `invoice\u202Efdp.exe` as invoiceexe.pdf; U+0085 is a line break to some readers.
    expect(await named('rlo', 'invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(await named('bidi', '\u2066a\u200eb\u200fc\u202ad\u2069\u061c.csv')).toBe('abcd.csv');
    expect(await named('c1', 'line\u0085break\u009f.csv')).toBe('linebreak.csv');
    const long = await named('long', `${'é'.repeat(300)}.csv`);
    expect(long).toBe(`${'é'.repeat(115)}….csv`);
    expect(Array.from(long!)).toHaveLength(120);
    // Cut by character, never inside one: a name of emoji stays whole characters.
    const emoji = await named('emoji', '🌦'.repeat(200));
    expect(Array.from(emoji!)).toEqual([...Array<string>(119).fill('🌦'), '…']);
    const query = await post(`/v1/files?tag=q-long&filename=${'x'.repeat(500)}.nc`, {}, [Buffer.from('a\n')]);
    expect(query.status).toBe(200);
    expect(seen.get('q-long')!.upload.name).toBe(`${'x'.repeat(116)}….nc`);
  });

  it('give a file whose type names a member of Object no extension from it', async () => {
    for (const type of ['constructor', '__proto__']) {
      const res = await post(`/v1/files?tag=${type}`, { 'content-type': type }, [Buffer.from('a,b\n')]);
      expect([type, res.status]).toEqual([type, 200]);
      const upload = seen.get(type)!.upload;
      expect([type, upload.path]).toEqual([type, expect.stringMatching(/[/\\][0-9a-f-]{36}$/)]);
    }
  });
});
