import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from './api.js';
import { createService, type ServiceOptions } from './create-service.js';

const KEY = 'k'.repeat(32);
/** How many times each route's handler ran: a refused request must run none. */
const calls = { submit: 0, remove: 0, upload: 0 };

const routes = [
  route({
    method: 'post',
    path: '/v1/jobs',
    summary: 'Start a job',
    body: z.object({ n: z.number() }),
    status: 202,
    handler: () => ({ started: ++calls.submit }),
  }),
  route({
    method: 'delete',
    path: '/v1/jobs/{id}',
    summary: 'Remove a job',
    params: z.object({ id: z.string() }),
    handler: () => ({ removed: ++calls.remove }),
  }),
  route({
    method: 'get',
    path: '/v1/jobs',
    summary: 'List jobs',
    handler: () => ({ jobs: [] }),
  }),
  route({
    method: 'post',
    path: '/v1/files',
    summary: 'Take a file',
    upload: { types: ['text/csv'], maxBytes: 1000, description: 'A file' },
    handler: () => ({ uploaded: ++calls.upload }),
  }),
];

function make(extra: Partial<ServiceOptions> = {}) {
  const uploadsDir = join(mkdtempSync(join(tmpdir(), 'strata-cross-site-')), 'uploads');
  const service = createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes,
    uploadsDir,
    strictExamples: true,
    ...extra,
  });
  return { ...service, uploadsDir };
}

/** A POST to start a job, with these headers (`host` names the host it was sent to). */
const submit = (app: ReturnType<typeof make>['app'], headers: Record<string, string>) => {
  const req = request(app).post('/v1/jobs');
  for (const [name, value] of Object.entries(headers)) void req.set(name, value);
  return req.send({ n: 1 });
};

describe('requests a browser sends from another site’s page', () => {
  it('are refused with a 403 problem when they change state, and run nothing', async () => {
    const { app, uploadsDir } = make();
    const before = { ...calls };
    const evil = { origin: 'https://evil.example', host: 'localhost:8080' };
    const post = await submit(app, evil);
    expect(post.status).toBe(403);
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(post.body).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(post.body.detail).toContain('https://evil.example');
    expect(post.body.detail).toContain('localhost:8080');
    const remove = await request(app).delete('/v1/jobs/j1').set('sec-fetch-site', 'cross-site');
    expect(remove.body).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(remove.body.detail).toContain('Sec-Fetch-Site');
    // A form post is an upload here (any body but JSON): refused before a byte is stored.
    const form = await request(app)
      .post('/v1/files')
      .set('origin', 'https://evil.example')
      .type('form')
      .send('a,b\n1,2\n');
    expect(form.body).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect(await readdir(uploadsDir).catch(() => [])).toEqual([]);
    expect(calls).toEqual(before);
    // Reads change nothing (and the browser does not show them to the other page).
    expect((await request(app).get('/v1/jobs').set('origin', 'https://evil.example')).status).toBe(200);
  });

  it('are refused from another port of the same host, a null origin, or a same-site page', async () => {
    const { app } = make();
    for (const headers of [
      { origin: 'http://localhost:3000', host: 'localhost:8080' },
      { origin: 'http://localhost:3000', host: 'localhost:8080', 'sec-fetch-site': 'same-site' },
      { origin: 'null', host: 'localhost:8080' },
      { origin: 'not a url', host: 'localhost:8080' },
      { origin: 'https://localhost:8080', host: 'localhost:8443' },
    ])
      expect([headers, (await submit(app, headers)).body.code]).toEqual([headers, 'CROSS_SITE_REQUEST']);
  });

  it('pass from the server’s own pages, and from clients that are not browsers (no Origin)', async () => {
    const { app } = make();
    for (const headers of [
      {},
      { host: 'strata.local:8080', origin: 'http://strata.local:8080' },
      { host: 'STRATA.local', origin: 'http://strata.local' },
      // A default port said or not is the same host.
      { host: 'strata.local:80', origin: 'http://strata.local' },
      { host: 'strata.local:443', origin: 'https://strata.local' },
      { host: '[::1]:8080', origin: 'http://[::1]:8080' },
      // The browser's word that its own page sent it, where a proxy changed Host on the way.
      { host: '127.0.0.1:8080', origin: 'https://strata.example', 'sec-fetch-site': 'same-origin' },
      { host: 'strata.local:8080', origin: 'http://strata.local:8080', 'sec-fetch-site': 'none' },
    ])
      expect([headers, (await submit(app, headers)).status]).toEqual([headers, 202]);
  });

  it('pass with a valid API key, which a browser never adds by itself; not with a wrong one', async () => {
    const { app } = make({ apiKeys: [{ key: KEY, scopes: ['*'] }] });
    const evil = { origin: 'https://evil.example', host: 'localhost:8080' };
    expect((await submit(app, { ...evil, authorization: `Bearer ${KEY}` })).status).toBe(202);
    const wrong = await submit(app, { ...evil, authorization: `Bearer ${'x'.repeat(32)}` });
    expect(wrong.body).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    expect((await submit(app, evil)).body.code).toBe('CROSS_SITE_REQUEST');
  });

  it('are told from a proxy’s X-Forwarded-Host only where the proxy is trusted', async () => {
    const proxied = {
      host: '127.0.0.1:8080',
      origin: 'https://strata.example',
      'x-forwarded-host': 'strata.example',
    };
    expect((await submit(make().app, proxied)).body.code).toBe('CROSS_SITE_REQUEST');
    expect((await submit(make({ trustProxy: 'loopback' }).app, proxied)).status).toBe(202);
  });

  it('are refused by apps mounted in another, before they are reached', async () => {
    const inner = make();
    const outer = createService({
      domain: 'outer',
      info: { title: 'Outer', version: '1' },
      routes: [],
      mount: [{ path: '/demo', app: inner.app }],
    });
    const res = await request(outer.app)
      .post('/demo/v1/jobs')
      .set('origin', 'https://evil.example')
      .send({ n: 1 });
    expect(res.body).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
    const own = await request(outer.app)
      .post('/demo/v1/jobs')
      .set('host', 'strata.local')
      .set('origin', 'http://strata.local')
      .send({ n: 1 });
    expect(own.status).toBe(202);
  });

  it('are documented: every state-changing operation lists CROSS_SITE_REQUEST under 403, reads do not', () => {
    const { document } = make();
    const paths = document.paths as Record<
      string,
      Record<string, { responses: Record<string, { description: string }> }>
    >;
    expect(paths['/v1/jobs']!.post!.responses['403']!.description).toContain('`CROSS_SITE_REQUEST`');
    expect(paths['/v1/jobs/{id}']!.delete!.responses['403']!.description).toContain('`CROSS_SITE_REQUEST`');
    expect(paths['/v1/files']!.post!.responses['403']!.description).toContain('`CROSS_SITE_REQUEST`');
    expect(paths['/v1/jobs']!.get!.responses['403']).toBeUndefined();
  });
});
