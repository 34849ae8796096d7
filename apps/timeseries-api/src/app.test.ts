import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowBytesToTable, tableToRows } from '@strata/core';
import { ets, series, seasonalNaive } from '@strata/timeseries';
import { referenceSeries } from '@strata/timeseries/testing';
import type { Express } from 'express';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';

const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;
const monthly = (i: number) => new Date(Date.UTC(1949, i, 1)).toISOString();
const airRows = Array.from(air.train, (value, i) => ({ id: 'air', timestamp: monthly(i), value }));

let app: Express;
let forecasters: AppUnderTest['forecasters'];
let queue: AppUnderTest['queue'];
let under: AppUnderTest;

beforeAll(async () => {
  under = await openAppUnderTest('ts-api');
  ({ app, forecasters, queue } = under);
});
afterAll(() => under.close());

describe('POST /v1/forecast', () => {
  it('forecasts long-format rows with timestamps, as the package does', async () => {
    const res = await request(app).post('/v1/forecast').send({ data: airRows, h: 12, model: 'ets' });
    expect(res.status).toBe(200);
    const [f] = res.body.forecasts;
    const local = ets(series('air', air.train, { period: 12 }), { h: 12 });
    expect(f.model).toBe(local.model);
    expect(f.mean).toEqual(Array.from(local.mean));
    expect(f.timestamps[0]).toBe(monthly(air.train.length));
    expect(f.intervals.map((i: { level: number }) => i.level)).toEqual([80, 95]);
  });

  it('forecasts arrays, one entry per series in order, a bad series carrying its error', async () => {
    const res = await request(app)
      .post('/v1/forecast')
      .send({
        series: [
          { id: 'a', values: Array.from(air.train), frequency: 'month' },
          { id: 'gappy', values: [1, 2, null, 4, 5, 6, 7, 8] },
          { id: 'filled', values: [1, 2, null, 4, 5, 6, 7, 8] },
        ],
        h: 6,
        model: 'snaive',
      });
    expect(res.status).toBe(200);
    expect(res.body.forecasts.map((f: { id: string }) => f.id)).toEqual(['a', 'gappy', 'filled']);
    expect(res.body.forecasts[0].mean).toEqual(
      Array.from(seasonalNaive(series('a', air.train, { period: 12 }), { h: 6 }).mean),
    );
    expect(res.body.forecasts[1].error.code).toBe('SERIES_MISSING_VALUE');
    const interpolated = await request(app)
      .post('/v1/forecast')
      .send({
        series: [{ id: 'filled', values: [1, 2, null, 4] }],
        h: 2,
        model: 'naive',
        missing: 'interpolate',
      });
    expect(interpolated.body.forecasts[0].mean).toEqual([4, 4]);
    expect(interpolated.body.warnings).toEqual(['series "filled": interpolated 1 missing value']);
    // Values with a start and a frequency are read as dated rows: their interpolations are said too.
    const dated = await request(app)
      .post('/v1/forecast')
      .send({
        series: [{ id: 'dated', values: [1, 2, null, 4], start: '2000-01-01', frequency: 'month' }],
        h: 2,
        model: 'naive',
        missing: 'interpolate',
      });
    expect(dated.body.forecasts[0].mean).toEqual([4, 4]);
    expect(dated.body.warnings).toEqual([
      expect.stringMatching(/^series "dated": interpolated 1 missing value/),
    ]);
  });

  it('forecasts with the bundled ONNX model', async () => {
    const res = await request(app)
      .post('/v1/forecast')
      .send({ data: airRows, h: 24, model: 'timeseries-mlp', levels: [80] });
    expect(res.status).toBe(200);
    const f = res.body.forecasts[0];
    expect(f.mean).toHaveLength(24);
    expect(f.intervals[0].lower.every((l: number, i: number) => l <= f.mean[i])).toBe(true);
  });

  it('answers 400 for an unknown model, both inputs at once, or a bad horizon; 422 for an irregular series', async () => {
    const unknown = await request(app).post('/v1/forecast').send({ data: airRows, h: 3, model: 'prophet' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'body.model' });
    expect(unknown.body.detail).toContain('timeseries-mlp');
    const both = await request(app).post('/v1/forecast').send({ data: airRows, series: [], h: 3 });
    expect(both.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'body.data' });
    const h = await request(app).post('/v1/forecast').send({ data: airRows, h: 0 });
    expect(h.body.field).toBe('body.h');
    const irregular = await request(app)
      .post('/v1/forecast')
      .send({
        data: [0, 1, 2.5].map((d) => ({ id: 'x', timestamp: d * 86_400_000, value: d })),
        h: 2,
        model: 'naive',
      });
    expect(irregular.status).toBe(200);
    expect(irregular.body.forecasts[0].error.code).toBe('SERIES_IRREGULAR');
  });
});

describe('hostile series', () => {
  const long = Array.from({ length: 20_000 }, (_, i) => 100 + 10 * Math.sin(i / 4) + ((i * 7919) % 13));

  it('answers huge and tiny values with forecasts in their units or SERIES_OVERFLOW, never a spin', async () => {
    const res = await request(app)
      .post('/v1/forecast')
      .send({
        series: [
          { id: 'reported', values: [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308] },
          { id: 'spike', values: [1, 2, 3, 4, 5, 1e308] },
          { id: 'tiny', values: [5e-324, 1e-323, 1.5e-323, 5e-324, 1e-323, 1.5e-323] },
        ],
        h: 3,
        model: 'ets',
      });
    expect(res.status).toBe(200);
    const [reported, spike, tiny] = res.body.forecasts;
    expect(reported.error).toMatchObject({ code: 'SERIES_OVERFLOW' });
    expect(reported.error.message).toContain('"reported"');
    expect(spike.mean.every((v: number) => v > 1e306)).toBe(true);
    expect(tiny.mean.every((v: number) => v > 0 && v < 1e-322)).toBe(true);
    const infinite = await request(app)
      .post('/v1/forecast')
      .set('content-type', 'application/json')
      .send('{"series":[{"id":"x","values":[1,2,1e309]}],"h":2,"model":"naive"}');
    expect(infinite.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('stops a forecast at its limit with a 503 naming it, and serves the next at once', async () => {
    const before = forecasters.pool.stats()!.ends.terminated;
    const res = await request(app)
      .post('/v1/forecast')
      .send({ series: [{ id: 'long', values: long, period: 24 }], h: 24, model: 'auto', timeoutMs: 300 });
    expect(res.body).toMatchObject({ status: 503, code: 'DEADLINE_EXCEEDED' });
    expect(res.body.detail).toMatch(/within 300 ms \(the timeoutMs asked; deadline \d{4}-.*forecast-jobs/);
    const next = await request(app)
      .post('/v1/forecast')
      .send({ series: [{ id: 'a', values: Array.from(air.train) }], h: 3, model: 'theta' });
    expect(next.status).toBe(200);
    // The fit stopped in its loops: no thread had to be terminated.
    expect(forecasters.pool.stats()!.ends.terminated).toBe(before);
    const backtest = await request(app)
      .post('/v1/backtest')
      .send({ series: [{ id: 'long', values: long, period: 24 }], h: 24, models: ['ets'], timeoutMs: 300 });
    expect(backtest.body).toMatchObject({ status: 503, code: 'DEADLINE_EXCEEDED' });
    // It says that it was the backtest, and how to run it whole.
    expect(backtest.body.detail).toMatch(
      /^the backtest did not finish within 300 ms .*POST \/v1\/backtest-jobs/,
    );
  });

  it('gives forecasts that would be dated past the last date there is no timestamps, and says so', async () => {
    const res = await request(app)
      .post('/v1/forecast')
      .send({
        series: [{ id: 'end', values: [1, 2, 3, 4], start: '+275760-09-01T00:00:00Z', frequency: 'day' }],
        h: 30,
        model: 'naive',
      });
    expect(res.status).toBe(200);
    expect(res.body.forecasts[0]).toMatchObject({ timestamps: null, mean: Array(30).fill(4) });
    expect(res.body.warnings).toEqual([
      'series "end": its forecasts run past the last date there is (+275760-09-13), so they have no timestamps',
    ]);
  });

  it('refuses an answer too large to build, or too many series, before forecasting', async () => {
    const series = Array.from({ length: 2_000 }, (_, i) => ({ id: `s${i}`, values: [1, 2] }));
    const res = await request(app).post('/v1/forecast').send({ series, h: 10_000, model: 'naive' });
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', field: 'body.h' });
    expect(res.body.detail).toContain('at most 10000000');
    const data = Array.from({ length: 10_001 }, (_, i) => ({ id: `s${i}`, timestamp: 0, value: 1 }));
    const many = await request(app).post('/v1/forecast').send({ data, h: 1, model: 'naive' });
    expect(many.body).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', field: 'body.data' });
    expect(many.body.detail).toContain('more than 10000 series');
  });
});

describe('POST /v1/backtest and GET /v1/models', () => {
  it('backtests models per series, naming the best by MASE', async () => {
    const res = await request(app)
      .post('/v1/backtest')
      .send({
        series: [{ id: 'air', values: Array.from(air.train), period: 12 }],
        h: 12,
        windows: 2,
        models: ['snaive', 'theta'],
      });
    expect(res.status).toBe(200);
    const [r] = res.body.results;
    expect(r.models.map((m: { model: string }) => m.model)).toEqual(['snaive', 'theta']);
    const [sn, th] = r.models.map((m: { metrics: { mase: number } }) => m.metrics.mase);
    expect(r.best).toBe(sn < th ? 'snaive' : 'theta');
    expect(res.body.summary[0]).toMatchObject({ model: 'snaive', series: 1, mase: sn });
    const short = await request(app)
      .post('/v1/backtest')
      .send({ series: [{ id: 's', values: [1, 2] }], h: 5, models: ['naive'] });
    expect(short.body.results[0].models[0].error).toMatchObject({ code: 'SERIES_TOO_SHORT' });
    const bad = await request(app)
      .post('/v1/backtest')
      .send({ series: [{ id: 's', values: [1, 2] }], h: 1, models: ['nope'] });
    expect(bad.body).toMatchObject({ status: 400, field: 'body.models.0' });
  });

  it('records model runs (latency and series per run) and requests in /metrics', async () => {
    const text = (await request(app).get('/metrics')).text;
    expect(text).toMatch(/strata_model_run_seconds_count\{app="timeseries",model="ets"\} [1-9]/);
    expect(text).toMatch(/strata_model_batch_size_count\{app="timeseries",model="snaive"\} [1-9]/);
    expect(text).toMatch(/strata_jobs\{state="succeeded",app="timeseries"\} \d/);
  });

  it('serves the example series, ready to forecast', async () => {
    const list = (await request(app).get('/v1/series')).body.series;
    expect(list.find((s: { id: string }) => s.id === 'AirPassengers')).toMatchObject({
      frequency: 'month',
      period: 12,
      length: 144,
      start: '1949-01-01T00:00:00.000Z',
    });
    expect(list.find((s: { id: string }) => s.id === 'Nile')).toMatchObject({
      frequency: 'year',
      length: 100,
    });
    const one = (await request(app).get('/v1/series/AirPassengers')).body;
    expect(one.data.slice(0, 2).map((r: { value: number }) => r.value)).toEqual([112, 118]);
    const f = await request(app).post('/v1/forecast').send({ data: one.data, h: 12, model: 'snaive' });
    expect(f.body.forecasts[0].mean[0]).toBe(417);
    const missing = await request(app).get('/v1/series/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('AirPassengers');
  });

  it('lists the statistical models and the bundled ONNX one', async () => {
    const res = await request(app).get('/v1/models');
    const ids = res.body.models.map((m: { id: string }) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['auto', 'ets', 'arima', 'theta', 'snaive', 'timeseries-mlp']),
    );
  });
});

describe('forecast jobs', () => {
  it('forecasts an uploaded CSV as a job, then pages and downloads its forecasts', async () => {
    const csv = `id,timestamp,value\n${airRows.map((r) => `${r.id},${r.timestamp},${r.value}`).join('\n')}\nbad,2020-01-01,1\n`;
    const submitted = await request(app)
      .post('/v1/forecast-jobs?h=6&model=theta')
      .set('content-type', 'text/csv')
      .send(csv);
    expect(submitted.status).toBe(202);
    expect(submitted.headers.location).toBe(`v1/jobs/${submitted.body.id}`);
    const done = await queue.wait(submitted.body.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('succeeded');
    const view = await request(app).get(`/v1/jobs/${done.id}`);
    expect(view.body.summary).toEqual({ series: 2, failed: 1, warnings: [] });
    const page = await request(app).get(`/v1/jobs/${done.id}/results?limit=3&sort=mean&order=desc`);
    expect(page.body.total).toBe(7);
    expect(page.body.rows).toHaveLength(3);
    expect(page.body.rows[0].mean).toBeGreaterThanOrEqual(page.body.rows[1].mean);
    const arrow = await request(app)
      .get(`/v1/jobs/${done.id}/results`)
      .set('accept', 'application/vnd.apache.arrow.file')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(tableToRows(arrowBytesToTable(arrow.body as Buffer)).filter((r) => r.id === 'air')).toHaveLength(
      6,
    );
    const csvOut = await request(app).get(`/v1/jobs/${done.id}/results?format=csv`);
    expect(csvOut.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvOut.text.split('\n')[0]).toContain('id,step');
    const parquet = await request(app).get(`/v1/jobs/${done.id}/results?format=parquet`);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
  });

  it('refuses a job without a horizon or with an ONNX model, and takes a body of any other type as the file', async () => {
    const noH = await request(app)
      .post('/v1/forecast-jobs')
      .set('content-type', 'text/csv')
      .send('id,timestamp,value\n');
    expect(noH.body).toMatchObject({ status: 400, field: 'query.h' });
    const onnx = await request(app)
      .post('/v1/forecast-jobs')
      .send({ data: airRows, h: 3, model: 'timeseries-mlp' });
    expect(onnx.body).toMatchObject({ status: 400, field: 'body.model' });
    const onnxUpload = await request(app)
      .post('/v1/forecast-jobs?h=3&model=timeseries-mlp')
      .set('content-type', 'text/csv')
      .send('id,timestamp,value\n');
    expect(onnxUpload.body).toMatchObject({ status: 400, field: 'query.model' });
    // Any body but JSON is the file, whatever type it claims: the job reads it and says what is wrong.
    const xml = await request(app)
      .post('/v1/forecast-jobs?h=3')
      .set('content-type', 'application/xml')
      .send('<x/>');
    expect(xml.status).toBe(202);
    const failed = await queue.wait(xml.body.id);
    expect(failed.error!.message).toMatch(/^the uploaded file: no id column/);
  });
});
