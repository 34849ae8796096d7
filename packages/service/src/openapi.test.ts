import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStrataError } from '@strata/core';
import { captureLogger } from '@strata/core/testing';
import { route, type RouteSpec } from './api.js';
import { createService } from './create-service.js';
import { openApiDocument } from './openapi.js';

type Operation = {
  parameters: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, { example?: unknown; schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};

const greet = route({
  method: 'post',
  path: '/v1/greet/{name}',
  summary: 'Greet',
  params: z.object({ name: z.string().regex(/^[a-z]+$/) }),
  query: z.object({ times: z.coerce.number().int().min(1).max(3) }),
  body: z.object({ words: z.array(z.string()).min(1), loud: z.boolean().optional() }),
  errors: ['NOT_FOUND', 'WIDGET_BROKEN'],
  example: { params: { name: 'ada' }, query: { times: 2 }, body: { words: ['hello'] } },
  handler: ({ params, query, body }) => ({ said: `${params.name} ${body.words.join(' ')} x${query.times}` }),
});
const upload = route({
  method: 'post',
  path: '/v1/files',
  summary: 'Count the lines of a file',
  upload: { types: ['text/plain', 'application/gzip'], maxBytes: 1000, description: 'A text file' },
  example: { upload: { type: 'text/plain', text: 'one\ntwo\n' } },
  status: 202,
  handler: () => ({ accepted: true }),
});
const ping = route({ method: 'get', path: '/v1/ping', summary: 'Ping', handler: () => ({ pong: true }) });

const operations = (doc: Record<string, unknown>) =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

/** The document's example request of an operation, sent to the app as Swagger UI's "Try it out" would. */
async function tryItOut(app: express.Express, base: string, path: string, method: string, op: Operation) {
  const value = (where: string, name: string) =>
    String(op.parameters.find((p) => p.in === where && p.name === name)?.example);
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => value('path', name));
  const query = Object.fromEntries(
    op.parameters.filter((p) => p.in === 'query' && p.example !== undefined).map((p) => [p.name, p.example]),
  );
  const [type, media] = Object.entries(op.requestBody?.content ?? {}).find(([, m]) => 'example' in m) ?? [];
  const req = request(app)[method as 'post'](`${base}${url}`).query(query);
  if (!type) return req;
  return type === 'application/json'
    ? req.send(media!.example as object)
    : req.set('content-type', type).send(String(media!.example));
}

const make = (extra: { apiKeys?: { key: string; scopes: string[] }[]; rateLimitPerMinute?: number } = {}) =>
  createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes: [greet, upload, ping],
    statuses: { WIDGET_BROKEN: 422 },
    uploadsDir: join(mkdtempSync(join(tmpdir(), 'strata-openapi-')), 'uploads'),
    strictExamples: true,
    ...extra,
  });

describe('the OpenAPI document', () => {
  it('carries each route’s example request, which the app answers with success as it stands', async () => {
    const { app } = make();
    const doc = (await request(app).get('/openapi.json')).body;
    const op = doc.paths['/v1/greet/{name}'].post as Operation;
    expect(op.requestBody!.content['application/json']!.example).toEqual({ words: ['hello'] });
    expect(op.parameters.map((p) => [p.name, p.example])).toEqual([
      ['name', 'ada'],
      ['times', 2],
    ]);
    // A text upload is shown as text with its example; other types stay a file to pick.
    const files = doc.paths['/v1/files'].post as Operation;
    expect(files.requestBody!.content['text/plain']).toMatchObject({ example: 'one\ntwo\n' });
    expect(files.requestBody!.content['application/gzip']!.schema.format).toBe('binary');
    // How a client names its file, which every message about it then uses.
    expect(files.parameters.map((p) => [p.in, p.name])).toEqual([
      ['query', 'filename'],
      ['header', 'Content-Disposition'],
    ]);
    expect(op.parameters.some((p) => p.name === 'filename')).toBe(false);
    for (const { path, method, op: o } of operations(doc)) {
      const res = await tryItOut(app, '', path, method, o);
      expect([path, res.status]).toEqual([path, method === 'post' && path === '/v1/files' ? 202 : 200]);
    }
  });

  it('refuses, where strict, an example its route’s own schemas would refuse, naming the part and field', () => {
    const drifted: RouteSpec = {
      ...greet,
      example: { params: { name: 'ada' }, query: { times: 2 }, body: {} },
    };
    const strict = { secured: false, strictExamples: true };
    const make = () => openApiDocument({ title: 'x', version: '1' }, [drifted], strict);
    expect(make).toThrow(/example of POST \/v1\/greet\/\{name\} fails its own schema/);
    try {
      make();
    } catch (err) {
      expect(isStrataError(err, 'INVALID_ARGUMENT') && err.message).toBeTruthy();
      expect((err as { context: { argument: string } }).context.argument).toBe('example.body.words');
    }
    const badQuery: RouteSpec = { ...greet, example: { params: { name: 'ada' }, query: { times: 9 } } };
    expect(() => openApiDocument({ title: 'x', version: '1' }, [badQuery], strict)).toThrow(
      /fails its own schema/,
    );
    const wrongType: RouteSpec = { ...upload, example: { upload: { type: 'text/csv', text: 'a' } } };
    expect(() => openApiDocument({ title: 'x', version: '1' }, [wrongType], strict)).toThrow(
      /uploads text\/csv, which the route does not take/,
    );
  });

  it('checks the JSON body of an example that also uploads a file', () => {
    const both: RouteSpec = {
      ...greet,
      upload: { types: ['text/plain'], maxBytes: 1000, description: 'A text file' },
      example: {
        params: { name: 'ada' },
        query: { times: 2 },
        upload: { type: 'text/plain', text: 'hello' },
        body: { words: [] },
      },
    };
    const strict = { secured: false, strictExamples: true, statuses: { WIDGET_BROKEN: 422 } };
    expect(() => openApiDocument({ title: 'x', version: '1' }, [both], strict)).toThrow(
      /example of POST \/v1\/greet\/\{name\} fails its own schema/,
    );
    // An upload example alone stands in for the body: nothing of the body is checked.
    const { body: _body, ...uploadOnly } = both.example!;
    const doc = openApiDocument({ title: 'x', version: '1' }, [{ ...both, example: uploadOnly }], strict);
    const op = (doc.paths as Record<string, Record<string, Operation>>)['/v1/greet/{name}']!.post!;
    expect(op.requestBody!.content['text/plain']!.example).toBe('hello');
  });

  it('leaves out, where not strict, an example that fails its schemas, with a warning: the service starts', async () => {
    const logger = captureLogger();
    // An example made from data the server found (a series, a model) that its schema then refuses.
    const drifted: RouteSpec = {
      ...greet,
      example: { params: { name: 'Ada' }, query: { times: 2 }, body: { words: ['hello'] } },
    };
    const { app } = createService({
      domain: 'demo',
      info: { title: 'Demo', version: '1' },
      routes: [drifted, ping],
      statuses: { WIDGET_BROKEN: 422 },
      logger,
    });
    const doc = (await request(app).get('/openapi.json')).body;
    const op = doc.paths['/v1/greet/{name}'].post as Operation;
    // The whole example goes: half of one would send "Try it out" to a 400 all the same.
    expect(op.parameters.map((p) => p.example)).toEqual([undefined, undefined]);
    expect(op.requestBody!.content['application/json']!.example).toBeUndefined();
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        obj: { route: 'POST /v1/greet/{name}', field: 'example.params.name' },
        msg: expect.stringMatching(
          /^the example of POST \/v1\/greet\/\{name\} fails its own schema: .*; the example is left out of the OpenAPI document$/,
        ),
      },
    ]);
    expect((await request(app).get('/v1/ping')).body).toEqual({ pong: true });
  });

  it('lists every error status a route can answer, each with its codes, as problem+json', async () => {
    const { app } = make({ apiKeys: [{ key: 'k'.repeat(32), scopes: ['*'] }] });
    const doc = (await request(app).get('/openapi.json')).body;
    const op = doc.paths['/v1/greet/{name}'].post as Operation;
    expect(Object.keys(op.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(op.responses['400']!.description).toBe('Bad Request: `VALIDATION_FAILED`, `BAD_REQUEST`');
    expect(op.responses['422']!.description).toContain('`WIDGET_BROKEN`');
    expect(op.responses['404']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    const files = doc.paths['/v1/files'].post as Operation;
    expect(Object.keys(files.responses)).toEqual([
      '202',
      '400',
      '401',
      '403',
      '408',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    // A route without inputs has no 400; without keys and rate limit, no 401 or 429.
    const open = (await request(make({ rateLimitPerMinute: 0 }).app).get('/openapi.json')).body;
    expect(Object.keys(open.paths['/v1/ping'].get.responses)).toEqual(['200', '500', '503']);
    // No range keys: Swagger UI calls an answer "Undocumented" unless its own status is listed.
    for (const { op: o } of operations(doc))
      expect(Object.keys(o.responses).some((s) => /X/.test(s))).toBe(false);
  });

  it('answers a request the way its error responses say: the status of the problem is documented', async () => {
    const { app } = make();
    const doc = (await request(app).get('/openapi.json')).body;
    const op = doc.paths['/v1/greet/{name}'].post as Operation;
    const bad = await request(app)
      .post('/v1/greet/ADA?times=1')
      .send({ words: ['x'] });
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(op.responses[String(bad.status)]!.description).toContain(bad.body.code);
    const broken = await request(app)
      .post('/v1/greet/ada?times=1')
      .set('content-type', 'application/json')
      .send('{');
    expect(op.responses[String(broken.status)]!.description).toContain(broken.body.code);
  });

  it('refuses a declared error code that no status table knows', () => {
    const typo: RouteSpec = { ...ping, errors: ['JOB_NOT_FOUN'] };
    expect(() => openApiDocument({ title: 'x', version: '1' }, [typo], { secured: false })).toThrow(
      /GET \/v1\/ping declares the error code "JOB_NOT_FOUN", which no status table knows/,
    );
  });

  it('names the server as each request reached it: the mount path, or / when served alone', async () => {
    const { app } = make();
    expect((await request(app).get('/openapi.json')).body.servers).toEqual([
      { url: '/', description: 'This server' },
    ]);
    const outer = express();
    outer.use('/demo', app);
    const doc = (await request(outer).get('/demo/openapi.json')).body;
    expect(doc.servers[0].url).toBe('/demo');
    // The examples work through the mount path the document names.
    const op = doc.paths['/v1/greet/{name}'].post as Operation;
    const res = await tryItOut(outer, doc.servers[0].url, '/v1/greet/{name}', 'post', op);
    expect(res.status).toBe(200);
    expect(res.body.said).toBe('ada hello x2');
  });
});
