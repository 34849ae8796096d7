import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '@strata/core';
import { captureLogger } from '@strata/core/testing';
import { route, type RouteSpec } from './api.js';
import { createService, type ServiceOptions } from './create-service.js';

const echo = route({
  method: 'post',
  path: '/v1/echo/{name}',
  summary: 'Echo',
  params: z.object({ name: z.string().regex(/^[a-z]+$/) }),
  query: z.object({ times: z.coerce.number().int().min(1).max(3).default(1) }),
  body: z.object({ words: z.array(z.string()).min(1) }),
  response: z.object({ said: z.array(z.string()) }),
  handler: ({ params, query, body }) => ({
    said: Array.from({ length: query.times }, () => `${params.name}: ${body.words.join(' ')}`),
  }),
});
const failing: RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/strata-error',
    summary: 'A Strata error',
    handler: () => {
      throw new InvalidArgumentError('horizon', 'horizon must be at least 1, got 0');
    },
  }),
  route({
    method: 'get',
    path: '/v1/crash',
    summary: 'A bug',
    handler: () => {
      throw new Error('secret internals at /srv/app.js:12');
    },
  }),
  route({
    method: 'get',
    path: '/v1/slow',
    summary: 'Slow',
    handler: async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return { aborted: signal.aborted };
    },
  }),
];

const make = (extra: Partial<ServiceOptions> = {}) =>
  createService({
    domain: 'demo',
    info: { title: 'Demo', version: '1' },
    routes: [echo, ...failing],
    ...extra,
  });

describe('createService', () => {
  it('validates params, query and body, and answers the handler’s JSON', async () => {
    const { app } = make();
    const ok = await request(app)
      .post('/v1/echo/ada?times=2')
      .send({ words: ['hi', 'there'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ said: ['ada: hi there', 'ada: hi there'] });
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await request(app).post('/v1/echo/ada?times=9').send({ words: [] });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'query.times' });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.times', 'body.words']);
    const path = await request(app)
      .post('/v1/echo/ADA')
      .send({ words: ['x'] });
    expect(path.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'params.name' });
  });

  it('answers malformed JSON 400, a large body 413 and an unknown route 404, all as problems', async () => {
    const { app } = make({ jsonLimitBytes: 100 });
    const malformed = await request(app)
      .post('/v1/echo/ada')
      .set('content-type', 'application/json')
      .send('{"words": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'the request body is not valid JSON',
    });
    const large = await request(app)
      .post('/v1/echo/ada')
      .send({ words: ['x'.repeat(200)] });
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await request(app).get('/v1/nothing-here').set('x-request-id', 'abc-123');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'abc-123' });
  });

  it('maps Strata errors by code and hides unknown errors behind a logged 500', async () => {
    const logger = captureLogger();
    const { app } = make({ logger });
    const invalid = await request(app).get('/v1/strata-error');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'horizon' });
    const crash = await request(app).get('/v1/crash');
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash.body)).not.toContain('secret');
    expect(logger.lines.some((l) => l.level === 'error' && l.msg === 'unhandled error')).toBe(true);
    expect(
      logger.lines.some((l) => l.msg === 'request' && (l.obj as { status: number }).status === 500),
    ).toBe(true);
  });

  it('answers 503 when a request outlives its timeout, and fires its signal', async () => {
    const { app } = make({ timeoutMs: 50 });
    const slow = await request(app).get('/v1/slow');
    expect(slow.status).toBe(503);
    expect(slow.body.code).toBe('TIMEOUT');
  });

  it('needs a bearer key on /v1 when keys are set, scoped per domain; health stays open', async () => {
    const { app } = make({
      apiKeys: [
        { key: 'a'.repeat(32), scopes: ['demo'] },
        { key: 'b'.repeat(32), scopes: ['other'] },
      ],
    });
    const none = await request(app)
      .post('/v1/echo/ada')
      .send({ words: ['x'] });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await request(app)
      .post('/v1/echo/ada')
      .set('authorization', `Bearer ${'c'.repeat(32)}`)
      .send({ words: ['x'] });
    expect(wrong.status).toBe(401);
    const other = await request(app)
      .post('/v1/echo/ada')
      .set('authorization', `Bearer ${'b'.repeat(32)}`)
      .send({ words: ['x'] });
    expect(other.status).toBe(403);
    const ok = await request(app)
      .post('/v1/echo/ada')
      .set('authorization', `Bearer ${'a'.repeat(32)}`)
      .send({ words: ['x'] });
    expect(ok.status).toBe(200);
    expect((await request(app).get('/healthz')).status).toBe(200);
    const doc = (await request(app).get('/openapi.json')).body;
    expect(doc.components.securitySchemes.apiKey.scheme).toBe('bearer');
  });

  it('limits requests per caller with 429 and Retry-After', async () => {
    const { app } = make({ rateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await request(app).get('/v1/strata-error')).status);
    expect(codes).toEqual([400, 400, 400, 429]);
    const limited = await request(app).get('/v1/strata-error');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits failed authentications per client address, before any key is looked at', async () => {
    const key = 'a'.repeat(32);
    const { app } = make({ apiKeys: [{ key, scopes: ['*'] }], rateLimitPerMinute: 0 });
    const codes: number[] = [];
    for (let i = 0; i < 31; i++)
      codes.push(
        (
          await request(app)
            .get('/v1/strata-error')
            .set('authorization', `Bearer ${'x'.repeat(32)}`)
        ).status,
      );
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes[30]).toBe(429);
    // From that address, for a while, even a good key waits: guesses cannot go on at the server's speed.
    const good = await request(app).get('/v1/strata-error').set('authorization', `Bearer ${key}`);
    expect(good.status).toBe(429);
    expect(good.body.detail).toMatch(/more than 30 failed authentications from this address a minute/);
  });

  it('ignores X-Forwarded-For unless told which proxies to trust', async () => {
    const spoofed = async (options: Partial<ServiceOptions>) => {
      const { app } = make({ rateLimitPerMinute: 2, ...options });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push((await request(app).get('/v1/strata-error').set('x-forwarded-for', `10.0.0.${i}`)).status);
      return codes;
    };
    expect(await spoofed({})).toEqual([400, 400, 429]);
    // Behind a proxy on loopback that sets the header, each forwarded client has a limit of its own.
    expect(await spoofed({ trustProxy: 'loopback' })).toEqual([400, 400, 400]);
  });

  it('serves an OpenAPI 3.1 document made from the route schemas, and an offline reference page', async () => {
    const { app } = make();
    const doc = (await request(app).get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/v1/echo/{name}'].post;
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:name',
      'query:times',
    ]);
    expect(op.requestBody.content['application/json'].schema.properties.words.minItems).toBe(1);
    expect(op.responses['200'].content['application/json'].schema.required).toEqual(['said']);
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const bundle = await request(app).get('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await request(app).get('/docs/init.js')).text).toContain('"/openapi.json"');
  });

  it('answers /readyz from its checks and counts requests by route template in /metrics', async () => {
    let modelsLoaded = false;
    const { app } = make({ readiness: [{ name: 'models', check: () => modelsLoaded }] });
    const before = await request(app).get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body.checks.models.ok).toBe(false);
    modelsLoaded = true;
    expect((await request(app).get('/readyz')).status).toBe(200);
    await request(app)
      .post('/v1/echo/ada')
      .send({ words: ['x'] });
    await request(app)
      .post('/v1/echo/bob')
      .send({ words: ['x'] });
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toMatch(
      /strata_http_requests_total\{method="POST",route="\/v1\/echo\/:name",status="200",app="demo"\} 2/,
    );
    expect(metrics).toContain('strata_http_request_duration_seconds_bucket');
    // The process's thread budget: its size and the pool threads that draw on it.
    expect(metrics).toMatch(/strata_threads\{state="size",app="demo"\} [1-9]/);
    expect(metrics).toMatch(/strata_threads\{state="busy",app="demo"\} \d/);
  });
});
