import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { manifestFor, mlpModel, writeModelDir } from '@strata/core/testing';
import { createGatewayApp } from './app.js';

describe('gateway over real HTTP', () => {
  let base = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    const model = mlpModel().model;
    const io = {
      inputs: [{ name: 'x', dtype: 'float32' as const, dims: ['batch', 4] }],
      outputs: [{ name: 'y', dtype: 'float32' as const, dims: ['batch', 2] }],
    };
    const dir = await writeModelDir([{ folder: 'mlp', model, manifest: manifestFor('mlp', model, io) }]);
    const registry = await ModelRegistry.open(dir, { backend: createOrtBackend() });
    const server = createGatewayApp({ registry, logger: silentLogger }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(() => close());

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', models: 1 });
  });

  it('lists the models of its registry', async () => {
    const body = (await (await fetch(`${base}/v1/models`)).json()) as {
      models: { id: string; loaded: boolean }[];
    };
    expect(body.models).toMatchObject([{ id: 'mlp', loaded: false }]);
    const one = await fetch(`${base}/v1/models/mlp`);
    expect(((await one.json()) as { card: unknown }).card).toBeDefined();
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
  });
});
