import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { manifestFor, mlpModel, writeModelDir } from '@strata/core/testing';
import { createMetrics, createService } from '@strata/service';
import { createTimeseriesApp, openForecasters } from '@strata/timeseries-api';
import { createGatewayApp } from './app.js';

describe('gateway over real HTTP', () => {
  let base = '';
  let close: () => Promise<void>;
  let domainReady = true;
  beforeAll(async () => {
    const model = mlpModel().model;
    const io = {
      inputs: [{ name: 'x', dtype: 'float32' as const, dims: ['batch', 4] }],
      outputs: [{ name: 'y', dtype: 'float32' as const, dims: ['batch', 2] }],
    };
    const dir = await writeModelDir([{ folder: 'mlp', model, manifest: manifestFor('mlp', model, io) }]);
    const registry = await ModelRegistry.open(dir, { backend: createOrtBackend() });
    const forecasters = await openForecasters({ threads: 1, modelsDir: dir, logger: silentLogger });
    const metrics = createMetrics({ app: 'strata' });
    const timeseries = createTimeseriesApp({
      forecasters,
      uploadsDir: await mkdtemp(`${tmpdir()}/gw-`),
      service: { metrics },
    });
    const probe = createService({
      domain: 'probe',
      info: { title: 'Probe', version: '1' },
      routes: [],
      readiness: [{ name: 'flag', check: () => domainReady }],
      metrics,
    });
    const app = createGatewayApp({
      registry,
      logger: silentLogger,
      metrics,
      domains: [
        { name: 'timeseries', title: 'Time series', service: timeseries },
        { name: 'probe', title: 'Probe', service: probe },
      ],
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await forecasters.close();
      await registry.close();
    };
  });
  afterAll(() => close());

  it('serves each domain under its prefix, with its own docs, and lists them at /', async () => {
    const res = await fetch(`${base}/timeseries/v1/forecast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      body: JSON.stringify({ series: [{ id: 'a', values: [1, 2, 3, 4] }], h: 2, model: 'naive' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(((await res.json()) as { forecasts: { mean: number[] }[] }).forecasts[0]!.mean).toEqual([4, 4]);
    const doc = (await (await fetch(`${base}/timeseries/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toContain('/v1/forecast');
    expect(await (await fetch(`${base}/timeseries/docs/init.js`)).text()).toContain(
      '"/timeseries/openapi.json"',
    );
    const index = (await (await fetch(`${base}/`)).json()) as { domains: { name: string; docs: string }[] };
    expect(index.domains.map((d) => d.docs)).toEqual(['/timeseries/docs', '/probe/docs']);
  });

  it('is ready only when every domain is, and counts each request once in one set of metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    domainReady = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { checks: Record<string, { ok: boolean }> }).checks).toMatchObject({
      timeseries: { ok: true },
      probe: { ok: false },
    });
    domainReady = true;
    await fetch(`${base}/timeseries/v1/models`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /strata_http_requests_total\{method="GET",route="\/timeseries\/v1\/models",status="200",app="strata"\} 1\n/,
    );
  });

  it('lists the models of its registry', async () => {
    const body = (await (await fetch(`${base}/v1/models`)).json()) as {
      models: { id: string; loaded: boolean }[];
    };
    expect(body.models).toMatchObject([{ id: 'mlp', loaded: false }]);
    const one = await fetch(`${base}/v1/models/mlp`);
    expect(((await one.json()) as { card: unknown }).card).toBeDefined();
  });

  it('runs a model over the KServe v2 protocol, with its metadata', async () => {
    const meta = (await (await fetch(`${base}/v2/models/mlp`)).json()) as {
      inputs: { name: string; datatype: string; shape: number[] }[];
    };
    expect(meta.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [-1, 4] }]);
    const res = await fetch(`${base}/v2/models/mlp/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'r1',
        inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6, 7, 8] }],
      }),
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      id: string;
      outputs: { name: string; shape: number[]; data: number[] }[];
    };
    expect(out.id).toBe('r1');
    expect(out.outputs[0]).toMatchObject({ name: 'y', shape: [2, 2] });
    expect(out.outputs[0]!.data.every(Number.isFinite)).toBe(true);
    expect((await (await fetch(`${base}/v2/models/mlp/ready`)).json()) as object).toEqual({
      name: 'mlp',
      ready: true,
    });
    const bad = await fetch(`${base}/v2/models/mlp/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3] }] }),
    });
    expect(bad.status).toBe(400);
    // Values a datatype cannot hold are the client's mistake (400 naming the input), not a 500.
    for (const [datatype, value] of [
      ['INT64', 1.5],
      ['INT64', 'abc'],
      ['FP32', 'x'],
      ['UINT8', 300],
      ['BOOL', 'yes'],
    ] as const) {
      const wrong = await fetch(`${base}/v2/models/mlp/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 1], datatype, data: [value] }] }),
      });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { detail: string }).detail).toContain(`input "x" is ${datatype}`);
    }
    expect((await fetch(`${base}/v2/models/nope`)).status).toBe(404);
  });

  it('answers unknown models and routes with problem+json', async () => {
    const res = await fetch(`${base}/v1/models/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      code: 'MODEL_NOT_FOUND',
      detail: 'model "nope" is not in the registry; known: mlp',
    });
    const malformed = await fetch(`${base}/v1/models/%E0`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'BAD_REQUEST' });
    const route = await fetch(`${base}/v2/nothing`);
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ code: 'NOT_FOUND' });
    const inDomain = await fetch(`${base}/timeseries/v9/nothing`);
    expect(await inDomain.json()).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'no route for GET /timeseries/v9/nothing',
    });
  });
});
