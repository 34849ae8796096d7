// Where a forecast starts: the times each model can start from in each dataset, an initial time
// defaulted from the data, uploads sent as clients send them, and upload names in every message.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '@strata/jobs';
import { sharedWeatherFile } from '@strata/weather/testing';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';
import { listenLocal, type LocalServer } from '@strata/service/testing';

const MODEL = 'era5-uk-t2m-1h';
const era5 = readFileSync(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
const eraint = readFileSync(sharedWeatherFile('eraint_uvz.nc'));
/** A stored upload's name: a random id, which must never reach a message. */
const STORED = /[0-9a-f]{8}-[0-9a-f]{4}-/;

let under: AppUnderTest;
let server: LocalServer;
let base = '';

beforeAll(async () => {
  under = await openAppUnderTest('weather-initial-states');
  server = await listenLocal(under.app);
  base = server.base;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await under?.close();
});

/** POSTs to the app; `body` as given (a Buffer goes without a Content-Type unless `headers` gives one). */
async function post(path: string, body: Buffer | object, headers: Record<string, string> = {}) {
  const json = !Buffer.isBuffer(body);
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: json ? { 'content-type': 'application/json', ...headers } : headers,
    body: json ? JSON.stringify(body) : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const job = (id: unknown): Promise<JobInfo> => under.queue.get(id as string) as Promise<JobInfo>;

describe('initial states', () => {
  it('lists with each dataset the times each model can start from, and why none where it can start from none', async () => {
    const res = await fetch(`${base}/v1/datasets`);
    const { datasets } = (await res.json()) as {
      datasets: { id: string; models: { id: string; initTimes: string[]; reason: string | null }[] }[];
    };
    const start = (id: string) => datasets.find((d) => d.id === id)!.models.find((m) => m.id === MODEL)!;
    const uk = start('era5-t2m-uk-2019-03.nc');
    expect(uk.initTimes).toHaveLength(744);
    expect(uk).toMatchObject({
      reason: null,
      initTimes: expect.arrayContaining(['2019-03-01T00:00:00.000Z']),
    });
    const uvz = start('eraint_uvz');
    expect(uvz.initTimes).toEqual([]);
    expect(uvz.reason).toMatch(/^eraint_uvz has no variable "t2m"; it has z, u, v/);
  });

  it('starts from the dataset’s first usable time without init; refuses a dataset or time the model cannot start from', async () => {
    const first = await post('/v1/forecasts', {
      model: MODEL,
      dataset: 'era5-t2m-uk-2019-03.nc',
      leads: [1],
    });
    expect(first.status).toBe(202);
    expect((await job(first.body.id)).input).toMatchObject({
      initial: { time: '2019-03-01T00:00:00.000Z', name: 'era5-t2m-uk-2019-03.nc' },
    });
    const uvz = await post('/v1/forecasts', { model: MODEL, dataset: 'eraint_uvz', init: '' });
    expect(uvz.body).toMatchObject({ status: 400, field: 'body.dataset' });
    expect(uvz.body.detail).toMatch(/era5-uk-t2m-1h cannot start from eraint_uvz: .*no variable "t2m"/);
    const april = await post('/v1/forecasts', {
      model: MODEL,
      dataset: 'era5-t2m-uk-2019-03.nc',
      init: '2019-04-01T00:00Z',
    });
    expect(april.body).toMatchObject({ status: 400, field: 'body.init' });
    expect(april.body.detail).toContain('from 2019-03-01T00:00:00.000Z to 2019-03-31T23:00:00.000Z');
    await under.queue.wait(first.body.id as string);
  });

  it('takes an upload sent without a Content-Type, or as curl --data-binary sends it, with its options from the query', async () => {
    for (const headers of [{}, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const res = await post(`/v1/forecasts?model=${MODEL}&leads=1`, era5, headers);
      expect(res).toMatchObject({ status: 202, body: { kind: 'weather.rollout' } });
      // No init given: the first time in the file the model can start from.
      expect((await job(res.body.id)).input).toMatchObject({ initial: { time: '2019-03-01T00:00:00.000Z' } });
      expect((await under.queue.wait(res.body.id as string)).state).toBe('succeeded');
    }
    const noModel = await post('/v1/forecasts?init=2019-03-10T00:00Z', era5);
    expect(noModel.body).toMatchObject({ status: 400, field: 'query.model' });
    const april = await post(`/v1/forecasts?model=${MODEL}&init=2019-04-01T00:00Z`, era5);
    expect(april.body).toMatchObject({ status: 400, field: 'query.init' });
    const forecast = (await post(`/v1/forecasts?model=${MODEL}&leads=1`, era5)).body.id as string;
    await under.queue.wait(forecast);
    const scores = await post(`/v1/evaluations?forecast=${forecast}`, era5);
    expect(scores.status).toBe(200);
  });

  it('calls an upload by the name its sender gave it, never by the name it is stored under', async () => {
    const named = (name: string) => ({ 'content-disposition': `attachment; filename="${name}"` });
    const uvz = await post(`/v1/forecasts?model=${MODEL}`, eraint, named('my analysis.nc'));
    // The file is the request's body (its options are in the query).
    expect(uvz.body).toMatchObject({ status: 400, field: 'body' });
    expect(uvz.body.detail).toMatch(
      /cannot start from my analysis\.nc: my analysis\.nc has no variable "t2m"/,
    );
    expect(uvz.body.detail).not.toMatch(STORED);
    const notNetcdf = await post(`/v1/forecasts?model=${MODEL}`, Buffer.from('t2m,hello'), named('t2m.csv'));
    expect(notNetcdf.body).toMatchObject({ status: 422, code: 'GRID_FORMAT' });
    expect(notNetcdf.body.detail).toMatch(/^t2m\.csv is neither NetCDF/);
    const truth = await post('/v1/evaluations?forecast=nope&filename=truth.nc', era5);
    expect(truth.status).toBe(404);
    const unnamed = await post(`/v1/forecasts?model=${MODEL}`, Buffer.from('CDF\x01'));
    expect(unnamed.body.detail).toMatch(/^the uploaded file\b/);
    // The job is the file's: named by it, and the rollout reads it under that name.
    const ok = await post(`/v1/forecasts?model=${MODEL}&leads=1`, era5, named('march.nc'));
    const queued = await job(ok.body.id);
    expect(queued.name).toBe(`${MODEL} from march.nc`);
    expect(queued.input).toMatchObject({ initial: { name: 'march.nc' } });
    await under.queue.wait(ok.body.id as string);
  });
});
