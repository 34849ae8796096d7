// `npm start`'s server, started as the README starts it (the built gateway), on a free port with a
// fresh state directory: every call goes over real HTTP to the real forecasters and bundled models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from './gateway-process.js';

let gateway: GatewayProcess;
let server: GatewayProcess['process'];
let base = '';

beforeAll(async () => {
  gateway = await startGateway();
  server = gateway.process;
  base = gateway.base;
}, 120_000);

afterAll(() => gateway.stop());

const air = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
  133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218,
  230, 242, 209, 191, 172, 194,
];
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the gateway as npm start runs it', () => {
  it('is healthy and ready, and lists its domains and models', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const index = (await (await fetch(`${base}/`)).json()) as { domains: { name: string }[] };
    expect(index.domains.map((d) => d.name)).toEqual(['drug', 'timeseries', 'weather']);
    const models = (await (await fetch(`${base}/v1/models`)).json()) as { models: { id: string }[] };
    expect(models.models.map((m) => m.id)).toContain('timeseries-mlp');
    const kserve = (await (await fetch(`${base}/v2/models/esol-solubility`)).json()) as { platform: string };
    expect(kserve.platform).toBe('onnxruntime_onnx');
  });

  it('forecasts a monthly series with auto and with the bundled ONNX model', async () => {
    for (const model of ['auto', 'timeseries-mlp']) {
      const res = await post('/timeseries/v1/forecast', {
        series: [{ id: 'air', values: air, start: '1949-01-01', frequency: 'month' }],
        h: 12,
        model,
      });
      expect(res.status).toBe(200);
      const f = (
        (await res.json()) as { forecasts: { mean: number[]; timestamps: string[]; model: string }[] }
      ).forecasts[0]!;
      expect(f.mean).toHaveLength(12);
      expect(f.timestamps[0]).toBe('1953-01-01T00:00:00.000Z');
      expect(Math.min(...f.mean)).toBeGreaterThan(100);
    }
  });

  it('runs a forecast job and streams its progress to the end', async () => {
    const rows = air.map((value, i) => ({ id: 'air', timestamp: Date.UTC(1949, i, 1), value }));
    const submitted = await post('/timeseries/v1/forecast-jobs', { data: rows, h: 6, model: 'ets' });
    expect(submitted.status).toBe(202);
    const job = (await submitted.json()) as { id: string; links: { events: string } };
    const events = await (await fetch(`${base}/timeseries/${job.links.events}`)).text();
    expect(events).toContain('"state":"succeeded"');
    const results = (await (await fetch(`${base}/timeseries/v1/jobs/${job.id}/results`)).json()) as {
      total: number;
    };
    expect(results.total).toBe(6);
  });

  it('scores molecules, draws one and searches the bundled library', async () => {
    const res = await post('/drug/v1/molecules/score', { molecules: ['CC(=O)Oc1ccccc1C(=O)O', 'C1CC'] });
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { rows: { qed: number | null; error: string | null }[] }).rows;
    expect(rows[0]!.qed).toBeGreaterThan(0.5);
    expect(rows[1]!.error).toMatch(/parse/);
    const svg = await fetch(`${base}/drug/v1/molecules/depict?smiles=${encodeURIComponent('c1ccccc1O')}`);
    expect(await svg.text()).toContain('<svg');
    const hits = await post('/drug/v1/similarity', { query: 'CC1=CC(=O)C=CC1=O', k: 1 });
    expect(((await hits.json()) as { hits: { similarity: number }[] }).hits[0]!.similarity).toBe(1);
  });

  it('rolls the bundled weather model out from ERA5 and draws the 3-hour field as a map', async () => {
    const submitted = await post('/weather/v1/forecasts', {
      model: 'era5-uk-t2m-1h',
      dataset: 'era5-t2m-uk-2019-03.nc4',
      init: '2019-03-10T00:00:00Z',
      leads: [1, 3],
    });
    expect(submitted.status).toBe(202);
    const job = (await submitted.json()) as { id: string; links: { events: string } };
    expect(await (await fetch(`${base}/weather/${job.links.events}`)).text()).toContain(
      '"state":"succeeded"',
    );
    const png = await fetch(`${base}/weather/v1/forecasts/${job.id}/fields/t2m?lead=3&format=png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
