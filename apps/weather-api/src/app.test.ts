import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { arrowBytesToTable } from '@strata/core';
import type { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { mapLegend } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';
import { sharedWeatherFile, withField, writeClassic } from '@strata/weather/testing';
import type { Express } from 'express';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';

const era5 = sharedWeatherFile('era5-t2m-uk-2019-03.nc');
let under: AppUnderTest;
let app: Express;
let queue: EmbeddedJobQueue;
let forecastId = '';
let uploadsDir = '';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  under = await openAppUnderTest('weather-api');
  ({ app, queue, uploadsDir } = under);
  // One 6-hour forecast from ERA5, shared by the field, point and evaluation tests.
  const res = await request(app)
    .post('/v1/forecasts')
    .send({
      model: 'era5-uk-t2m-1h',
      dataset: 'era5-t2m-uk-2019-03.nc4',
      init: '2019-03-10T00:00:00Z',
      leads: [1, 2, 3, 6],
    });
  expect(res.status).toBe(202);
  forecastId = res.body.id;
  const done = await queue.wait(forecastId);
  expect(done.error).toBeNull();
}, 120_000);
afterAll(() => under?.close());

describe('weather models and datasets', () => {
  it('lists the bundled model with its grid, and the datasets with their variables', async () => {
    const models = (await request(app).get('/v1/models')).body.models;
    expect(models).toMatchObject([
      { id: 'era5-uk-t2m-1h', stepHours: 1, grid: { latitudes: 33, longitudes: 49 } },
    ]);
    const datasets = (await request(app).get('/v1/datasets')).body.datasets;
    const uk = datasets.find((d: { id: string }) => d.id === 'era5-t2m-uk-2019-03.nc4');
    expect(uk.variables[0].name).toBe('t2m');
    expect(uk.times).toHaveLength(744);
    expect(uk.times[0]).toBe('2019-03-01T00:00:00.000Z');
    // Files that share a name keep their extensions, so each has its own id; others drop it.
    const ids = datasets.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['era5-t2m-uk-2019-03.nc', 'era5-t2m-uk-2019-03-newcds']));
  });
});

describe('a forecast from ERA5', () => {
  it('serves a field as JSON on the model grid, in kelvin', async () => {
    const res = await request(app).get(`/v1/forecasts/${forecastId}/fields/t2m?lead=6`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ variable: 't2m', lead: 6, time: '2019-03-10T06:00:00.000Z' });
    expect(res.body.data).toHaveLength(33 * 49);
    const finite = res.body.data.filter((v: number | null) => v !== null);
    expect(Math.min(...finite)).toBeGreaterThan(250);
    expect(Math.max(...finite)).toBeLessThan(300);
  });

  it('draws a field as a PNG map and gives it as an Arrow table', async () => {
    const png = await request(app)
      .get(`/v1/forecasts/${forecastId}/fields/t2m?lead=1&format=png`)
      .buffer(true)
      .parse(binary);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const arrow = await request(app)
      .get(`/v1/forecasts/${forecastId}/fields/t2m?lead=1`)
      .set('accept', 'application/vnd.apache.arrow.file')
      .buffer(true)
      .parse(binary);
    expect(arrowBytesToTable(arrow.body as Buffer).numRows).toBe(33 * 49);
    // For a page that draws the title and colour bar in its own type: the map alone, and its legend.
    const bare = await request(app)
      .get(`/v1/forecasts/${forecastId}/fields/t2m?lead=1&format=png&decorations=none`)
      .buffer(true)
      .parse(binary);
    const frame = JSON.parse(bare.headers['x-map-frame']!);
    expect(frame).toMatchObject({ x: 1, y: 1, columns: 49, rows: 33 });
    expect((bare.body as Buffer).readUInt32BE(16)).toBe(frame.width + 2);
    expect((bare.body as Buffer).readUInt32BE(20)).toBe(frame.height + 2);
    const legend = JSON.parse(bare.headers['x-map-legend']!);
    expect(legend).toMatchObject({ title: 't2m 2019-03-10 01:00 UTC', units: 'K' });
    expect(legend.ticks.length).toBeGreaterThan(3);
    expect(legend.min).toBeLessThan(legend.max);
    // What the image's own colour bar would say: ticks laid out on the map's width, not on 540 px.
    const json = (await request(app).get(`/v1/forecasts/${forecastId}/fields/t2m?lead=1`)).body;
    const field = {
      ...json,
      latitude: Float64Array.from(json.latitude),
      longitude: Float64Array.from(json.longitude),
      data: Float32Array.from(json.data, (v: number | null) => v ?? NaN),
      time: Date.parse(json.time),
      level: null,
    };
    expect(frame.width).not.toBe(540);
    expect(legend).toEqual(mapLegend(field, { width: frame.width }));
    expect(legend).not.toEqual(mapLegend(field));
  });

  it('gives a point series over the leads, and the whole forecast as NetCDF', async () => {
    const point = await request(app).get(`/v1/forecasts/${forecastId}/point?lat=51.5&lon=-0.1&variable=t2m`);
    expect(point.body).toMatchObject({ latitude: 51.5, longitude: 0, leads: [1, 2, 3, 6] });
    expect(point.body.values.every((v: number) => v > 250 && v < 300)).toBe(true);
    const nc = await request(app).get(`/v1/forecasts/${forecastId}/netcdf`).buffer(true).parse(binary);
    expect((nc.body as Buffer).subarray(1, 4).toString()).toBe('HDF');
    // One lead as NetCDF, read back through the package: the same field as the JSON answer.
    const lead = await request(app)
      .get(`/v1/forecasts/${forecastId}/fields/t2m?lead=3&format=netcdf`)
      .buffer(true)
      .parse(binary);
    expect(lead.headers['content-type']).toBe('application/x-netcdf');
    const file = join(await mkdtemp(join(tmpdir(), 'strata-lead-test-')), 'lead.nc');
    writeFileSync(file, lead.body as Buffer);
    const source = await openGridFile(file);
    const field = await source.readField({ variable: 't2m' });
    source.close();
    const json = await request(app).get(`/v1/forecasts/${forecastId}/fields/t2m?lead=3`);
    expect(Array.from(field.data.subarray(0, 5))).toEqual(json.body.data.slice(0, 5));
    expect(field.time).toBe(Date.parse('2019-03-10T03:00:00Z'));
  });

  it('scores the forecast against ERA5 with WeatherBench-2 RMSE, lower at 1 h than at 6 h', async () => {
    const res = await request(app)
      .post(`/v1/evaluations?forecast=${forecastId}`)
      .set('content-type', 'application/x-netcdf')
      .send(readFileSync(era5));
    expect(res.status).toBe(200);
    const rows = res.body.rows as { lead: number; rmse: number }[];
    const rmse = (lead: number) => rows.find((r) => r.lead === lead)!.rmse;
    expect(rmse(1)).toBeGreaterThan(0);
    expect(rmse(1)).toBeLessThan(rmse(6));
    expect(rmse(6)).toBeLessThan(5);
  });

  it('answers bad requests with their field', async () => {
    expect((await request(app).get(`/v1/forecasts/${forecastId}/fields/t2m?lead=5`)).body.field).toBe(
      'query.lead',
    );
    expect((await request(app).get(`/v1/forecasts/${forecastId}/fields/z500?lead=1`)).body.code).toBe(
      'VARIABLE_NOT_FOUND',
    );
    expect(
      (await request(app).get(`/v1/forecasts/${forecastId}/point?lat=-30&lon=20&variable=t2m`)).body.field,
    ).toBe('query.lat');
    expect((await request(app).get('/v1/forecasts/nope/fields/t2m?lead=1')).status).toBe(404);
    expect((await request(app).get('/v1/forecasts/nope/netcdf')).body.code).toBe('JOB_NOT_FOUND');
    const noFile = await request(app).post(`/v1/evaluations?forecast=${forecastId}`).send({ truth: 'x' });
    expect(noFile.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const notNetcdf = await request(app)
      .post(`/v1/evaluations?forecast=${forecastId}`)
      .set('content-type', 'application/x-netcdf')
      .send(Buffer.from('not a netcdf file'));
    expect(notNetcdf.body).toMatchObject({ status: 422, code: 'GRID_FORMAT' });
    const noForecast = await request(app)
      .post('/v1/evaluations?forecast=nope')
      .set('content-type', 'application/x-netcdf')
      .send(readFileSync(era5));
    expect(noForecast.status).toBe(404);
    const model = await request(app)
      .post('/v1/forecasts')
      .send({ model: 'pangu', dataset: 'era5-t2m-uk-2019-03.nc4', init: '2019-03-10T00:00:00Z' });
    expect(model.body.field).toBe('body.model');
    const dataset = await request(app)
      .post('/v1/forecasts')
      .send({ model: 'era5-uk-t2m-1h', dataset: 'nope', init: '2019-03-10T00:00:00Z' });
    expect(dataset.body.field).toBe('body.dataset');
    const keep = await request(app)
      .post('/v1/forecasts')
      .send({
        model: 'era5-uk-t2m-1h',
        dataset: 'era5-t2m-uk-2019-03.nc4',
        init: '2019-03-10T00:00:00Z',
        variables: ['z'],
      });
    // Every field named where the request gave it: the JSON body here, the query with an upload.
    expect(keep.body).toMatchObject({ status: 400, field: 'body.variables' });
    expect(keep.body.detail).toMatch(/^body\.variables: .*it has t2m/);
    const levels = await request(app)
      .post('/v1/forecasts')
      .send({ model: 'era5-uk-t2m-1h', dataset: 'era5-t2m-uk-2019-03.nc4', levels: [500] });
    expect(levels.body).toMatchObject({ status: 400, field: 'body.levels' });
    const init = await request(app)
      .post('/v1/forecasts')
      .send({ model: 'era5-uk-t2m-1h', dataset: 'era5-t2m-uk-2019-03.nc4', init: 'tomorrow' });
    expect(init.body).toMatchObject({ status: 400, field: 'body.init' });
    expect(init.body.detail).toMatch(/^body\.init: "tomorrow" is not an ISO 8601 time/);
    const bytes = readFileSync(era5);
    const uploaded = (query: string) =>
      request(app)
        .post(`/v1/forecasts?model=era5-uk-t2m-1h&${query}`)
        .set('content-type', 'application/x-netcdf')
        .send(bytes);
    for (const [query, field] of [
      ['variables=z', 'query.variables'],
      ['levels=500', 'query.levels'],
    ] as const)
      expect((await uploaded(query)).body).toMatchObject({ status: 400, field });
  });

  it('is not ready until the maps’ coastlines are loaded, which the app does when it starts', async () => {
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.maps).toEqual({ ok: true });
  });

  it('keeps an uploaded initial state as the job input, and no file of a refused upload or an evaluation', async () => {
    const bytes = readFileSync(era5);
    const upload = (path: string) =>
      request(app).post(path).set('content-type', 'application/x-netcdf').send(bytes);
    const refused = await upload('/v1/forecasts?model=era5-uk-t2m-1h&init=tomorrow');
    expect(refused.body).toMatchObject({ status: 400, field: 'query.init' });
    expect((await upload(`/v1/evaluations?forecast=${forecastId}`)).status).toBe(200);
    // Both files go once their answers have ended: the server notices on its own time, so poll.
    await vi.waitFor(async () => expect(await readdir(uploadsDir).catch(() => [])).toEqual([]));
    const submitted = await upload('/v1/forecasts?model=era5-uk-t2m-1h&init=2019-03-10T00:00:00Z&leads=1');
    expect(submitted.status).toBe(202);
    const done = await queue.wait(submitted.body.id);
    expect(done.state).toBe('succeeded');
    const input = (done.input as { initial: { file: string } }).initial.file;
    expect(dirname(input)).toBe(uploadsDir);
    expect(input).toMatch(/[0-9a-f-]{36}\.nc$/);
    expect(readFileSync(input).equals(bytes)).toBe(true);
  });
});

describe('hostile truth files', () => {
  /** t2m on a small grid: a valid classic file to make lie. */
  const small = writeClassic({
    dimensions: [
      { name: 'time', length: 0 },
      { name: 'latitude', length: 2 },
      { name: 'longitude', length: 2 },
    ],
    variables: [
      {
        name: 'time',
        dims: [0],
        type: 'int',
        attributes: { units: 'hours since 2019-03-10 00:00:00' },
        values: [1],
      },
      {
        name: 'latitude',
        dims: [1],
        type: 'float',
        attributes: { units: 'degrees_north' },
        values: [58, 57.75],
      },
      {
        name: 'longitude',
        dims: [2],
        type: 'float',
        attributes: { units: 'degrees_east' },
        values: [350, 350.25],
      },
      {
        name: 't2m',
        dims: [0, 1, 2],
        type: 'float',
        attributes: { units: 'K' },
        values: [280, 281, 282, 283],
      },
    ],
  });
  const evaluate = (bytes: Uint8Array) =>
    request(app)
      .post(`/v1/evaluations?forecast=${forecastId}`)
      .set('content-type', 'application/x-netcdf')
      .send(Buffer.from(bytes));

  it('answers 422 for a header that lies, a cut file or another grid, and still scores the next truth', async () => {
    const lies = [
      withField(small, 'numrecs', 0x7fffffff),
      withField(small, 'dimension:latitude:length', 2 ** 30),
      withField(small, 'variable:t2m:begin', 2 ** 30),
      withField(small, 'variable:t2m:type', 42),
      small.bytes.subarray(0, 100),
      readFileSync(sharedWeatherFile('era5-t2m-uk-2019-03.nc4')).subarray(0, 5000),
    ];
    for (const bytes of lies) {
      const res = await evaluate(bytes);
      expect(res.body).toMatchObject({ status: 422, code: 'GRID_FORMAT' });
      expect(JSON.stringify(res.body)).not.toContain(uploadsDir);
    }
    const other = await evaluate(small.bytes);
    expect(other.body).toMatchObject({ status: 422, code: 'GRID_UNSUPPORTED' });
    expect(other.body.detail).toMatch(/on a 2 x 2 grid, the forecast on 33 x 49/);
    expect((await evaluate(readFileSync(era5))).status).toBe(200);
  });
});
