// Uploads over a real HTTP server: streamed to a file, limited while streaming, removed when they fail.
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '@strata/core';
import { route, routerOf, type RouteSpec } from './api.js';
import { createService } from './create-service.js';
import { serve, type Serving } from './serve.js';
import { postChunks, repeat } from './testing/post-chunks.js';
import type { Upload } from './uploads.js';

const post = (path: string, headers: Record<string, string>, chunks: Iterable<Buffer>) =>
  postChunks(`${serving.url}${path}`, headers, chunks);

const LIMIT = 64 * 1024;
/** What the handlers saw, by request: the upload and whether its file was there with those bytes. */
const seen = new Map<string, { upload: Upload; content: Buffer }>();

const routes: RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/files',
    summary: 'Read an upload and answer its size (the file goes with the answer)',
    query: z.object({ tag: z.string() }),
    upload: {
      types: ['text/csv', 'application/gzip', 'application/octet-stream'],
      maxBytes: LIMIT,
      description: 'Any file',
      extensions: { 'text/csv': '.csv' },
    },
    handler: async ({ query, upload }) => {
      seen.set(query.tag, { upload: upload!, content: await readFile(upload!.path) });
      return { bytes: upload!.bytes };
    },
  }),
  route({
    method: 'post',
    path: '/v1/jobs-input',
    summary: 'Keep an upload as a job input, unless the query says fail',
    query: z.object({ fail: z.enum(['yes', 'no']).default('no') }),
    upload: { types: ['text/plain'], maxBytes: LIMIT, description: 'A job input', keep: true },
    status: 202,
    handler: ({ query, upload }) => {
      if (query.fail === 'yes') throw new Error('the job could not be queued');
      return { path: upload!.path };
    },
  }),
  route({
    method: 'post',
    path: '/v1/refused',
    summary: 'Refuse an upload with a message naming its file',
    upload: { types: ['text/csv'], maxBytes: LIMIT, description: 'Any file' },
    handler: ({ upload }) => {
      throw new InvalidArgumentError('file', `${upload!.path}: not a file this route reads`);
    },
  }),
];

let dir = '';
let serving: Serving;

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'strata-uploads-')), 'uploads');
  const { app } = createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes,
    uploadsDir: dir,
  });
  serving = await serve(app, { port: 0, exitOnSignal: false });
});

afterAll(() => serving.shutdown());

const files = async () => readdir(dir).catch(() => [] as string[]);

describe('streamed uploads', () => {
  it('hand the handler a file with the bytes sent and their media type, removed once answered', async () => {
    const csv = Buffer.from(`id,timestamp,value\n${'a,2020-01-01,1\n'.repeat(2000)}`);
    const res = await post('/v1/files?tag=csv', { 'content-type': 'text/csv; charset=utf-8' }, [
      csv.subarray(0, 1000),
      csv.subarray(1000),
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ bytes: csv.length });
    const { upload, content } = seen.get('csv')!;
    expect(content.equals(csv)).toBe(true);
    expect(upload.mediaType).toBe('text/csv');
    expect(upload.path.startsWith(dir)).toBe(true);
    expect(upload.path).toMatch(/[0-9a-f-]{36}\.csv$/);
    await vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 5000 });
  });

  it('undo a gzip or br Content-Encoding, and keep a gzip file as sent', async () => {
    const text = Buffer.from('CCO ethanol\n'.repeat(500));
    const gz = await post(
      '/v1/files?tag=gzip-encoded',
      { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
      [gzipSync(text)],
    );
    expect(gz.body).toEqual({ bytes: text.length });
    expect(seen.get('gzip-encoded')!.content.equals(text)).toBe(true);
    const br = await post(
      '/v1/files?tag=br',
      { 'content-type': 'application/octet-stream', 'content-encoding': 'br' },
      [brotliCompressSync(text)],
    );
    expect(seen.get('br')!.content.equals(text)).toBe(true);
    expect(br.status).toBe(200);
    const file = gzipSync(text);
    await post('/v1/files?tag=gzip-file', { 'content-type': 'application/gzip' }, [file]);
    expect(seen.get('gzip-file')!.content.equals(file)).toBe(true);
    expect(seen.get('gzip-file')!.upload.mediaType).toBe('application/gzip');
  });

  it('answer 413 with a problem as soon as the limit is passed, and leave no file', async () => {
    // Chunked, so the server only learns the size by reading: 64 MiB on offer, 64 KiB allowed.
    const res = await post(
      '/v1/files?tag=big',
      { 'content-type': 'application/octet-stream' },
      repeat(Buffer.alloc(16 * 1024, 7), 4096),
    );
    expect(res.status).toBe(413);
    // The server stopped reading: the client never got to send the rest.
    expect(res.sentAll).toBe(false);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(res.body.detail).toContain(`at most ${LIMIT} bytes`);
    expect(res.headers.connection).toBe('close');
    expect(seen.has('big')).toBe(false);
    await vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 5000 });
  });

  it('answer 413 for a declared length over the limit before reading, and for a decoded size over it', async () => {
    const declared = await post(
      '/v1/files?tag=declared',
      { 'content-type': 'application/octet-stream', 'content-length': String(LIMIT + 1) },
      repeat(Buffer.alloc(1024), LIMIT / 1024 + 1),
    );
    expect(declared.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // A small gzip that inflates past the limit.
    const bomb = await post(
      '/v1/files?tag=bomb',
      { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
      [gzipSync(Buffer.alloc(4 * LIMIT))],
    );
    expect(bomb.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    await vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 5000 });
  });

  it('remove the partial file of an upload the client kills mid-body', async () => {
    const req = httpRequest(`${serving.url}/v1/files?tag=killed`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(LIMIT) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(LIMIT / 2, 1));
    // The server has started the file: its first bytes are on disk.
    await vi.waitFor(
      async () => {
        const [name] = await files();
        expect((await stat(join(dir, name!))).size).toBeGreaterThan(0);
      },
      { timeout: 5000 },
    );
    req.destroy();
    await vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 5000 });
    expect(seen.has('killed')).toBe(false);
  });

  it('refuse a bad gzip body (400) and an unknown Content-Encoding (415), leaving no file', async () => {
    const bad = await post(
      '/v1/files?tag=bad-gzip',
      { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
      [Buffer.from('not gzip at all')],
    );
    expect(bad.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const unknown = await post(
      '/v1/files?tag=compress',
      { 'content-type': 'application/octet-stream', 'content-encoding': 'compress' },
      [Buffer.from('x')],
    );
    expect(unknown.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(unknown.body.detail).toContain('"compress"');
    // Names of Object's members are encodings the kit does not know either, not a decoder.
    for (const encoding of ['constructor', '__proto__']) {
      const member = await post(
        `/v1/files?tag=${encoding}`,
        { 'content-type': 'application/octet-stream', 'content-encoding': encoding },
        [Buffer.from('x')],
      );
      expect([encoding, member.body]).toMatchObject([
        encoding,
        { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      ]);
    }
    await vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 5000 });
  });

  it('check the query before reading, and refuse JSON or a multipart form where only a file goes, with 415', async () => {
    const noTag = await post('/v1/files', { 'content-type': 'text/csv' }, [Buffer.from('a,b\n')]);
    expect(noTag.body).toMatchObject({ status: 400, field: 'query.tag' });
    const json = await post('/v1/files?tag=json', { 'content-type': 'application/json' }, [
      Buffer.from('{}'),
    ]);
    expect(json.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(json.body.detail).toMatch(/takes a file, not JSON/);
    const form = await post('/v1/files?tag=form', { 'content-type': 'multipart/form-data; boundary=x' }, [
      Buffer.from('--x\r\n\r\na\r\n--x--\r\n'),
    ]);
    expect(form.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(form.body.detail).toMatch(/not as a multipart form/);
    expect(seen.has('json') || seen.has('form')).toBe(false);
    expect(await files()).toEqual([]);
  });

  it('keep a job input once the handler succeeds, and remove it when the handler fails', async () => {
    const kept = await post('/v1/jobs-input', { 'content-type': 'text/plain' }, [Buffer.from('input\n')]);
    expect(kept.status).toBe(202);
    const path = kept.body.path as string;
    expect(await readFile(path, 'utf8')).toBe('input\n');
    const failed = await post('/v1/jobs-input?fail=yes', { 'content-type': 'text/plain' }, [
      Buffer.from('x'),
    ]);
    expect(failed.status).toBe(500);
    await vi.waitFor(async () => expect(await files()).toEqual([path.slice(dir.length + 1)]), {
      timeout: 5000,
    });
  });

  it('need an uploads directory when a route takes uploads', () => {
    expect(() => routerOf(routes, { jsonLimitBytes: 1024 })).toThrow(/POST \/v1\/files takes uploads/);
  });

  it('never shows where the server keeps uploads: a message names the file by its own name', async () => {
    const res = await post('/v1/refused', { 'content-type': 'text/csv' }, [Buffer.from('a,b\n')]);
    expect(res.status).toBe(400);
    const detail = String(res.body.detail);
    expect(detail).toMatch(/^[0-9a-f-]{36}: not a file this route reads$/);
    expect(detail).not.toContain(dir);
  });
});

describe('uploads on a slow link', () => {
  let slow: Serving;
  beforeAll(async () => {
    const { app } = createService({
      domain: 'demo',
      info: { title: 'Demo', version: '1' },
      routes,
      uploadsDir: dir,
      timeoutMs: 300,
    });
    slow = await serve(app, { port: 0, exitOnSignal: false });
  });
  afterAll(() => slow.shutdown());

  /** Sends `chunks` with `gapMs` between them, then ends (or, with `stall`, stops sending); resolves with the answer. */
  const trickle = (chunks: number, gapMs: number, stall = false) =>
    new Promise<{ status: number; body: { code?: string; detail?: string; bytes?: number } }>(
      (resolve, reject) => {
        const req = httpRequest(`${slow.url}/v1/files?tag=slow`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as never }));
        });
        req.on('error', reject);
        let sent = 0;
        const next = () => {
          req.write(Buffer.from('a,2020-01-01,1\n'.repeat(10)));
          if (++sent < chunks) setTimeout(next, gapMs);
          else if (!stall) req.end();
        };
        next();
      },
    );

  it('take an upload longer than the request timeout while bytes keep coming, then give the handler a full deadline', async () => {
    // Ten chunks a 100 ms apart: the transfer takes three times the 300 ms request timeout.
    const res = await trickle(10, 100);
    expect(res).toEqual({ status: 200, body: { bytes: 10 * 150 } });
  });

  it('answer 408 to an upload that stops sending, and leave no file', async () => {
    const before = await files();
    const res = await trickle(2, 50, true);
    expect(res.status).toBe(408);
    expect(res.body).toMatchObject({
      code: 'REQUEST_TIMEOUT',
      detail: expect.stringMatching(/sent nothing for 300 ms/),
    });
    // No file of its own is left (files of earlier requests may still be on their way out).
    await vi.waitFor(async () => expect((await files()).filter((f) => !before.includes(f))).toEqual([]), {
      timeout: 5000,
    });
  });
});
