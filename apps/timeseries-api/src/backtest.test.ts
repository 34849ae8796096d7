import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';
import type { BacktestResponse, ExampleResponse, ExamplesResponse } from './schemas.js';

let app: Express;
let under: AppUnderTest;

beforeAll(async () => {
  under = await openAppUnderTest('ts-backtest');
  app = under.app;
});
afterAll(() => under.close());

const example = async (id: string) => (await request(app).get(`/v1/series/${id}`)).body as ExampleResponse;
type Row = Record<string, unknown>;

describe('POST /v1/backtest without windows', () => {
  it('fits the windows to each bundled example series at two seasons ahead: every model gets metrics', async () => {
    const list = ((await request(app).get('/v1/series')).body as ExamplesResponse).series;
    expect(list).toHaveLength(8);
    for (const s of list) {
      const h = s.period > 1 ? 2 * s.period : 10;
      const res = await request(app)
        .post('/v1/backtest')
        .send({
          data: (await example(s.id)).data,
          h,
          models: ['snaive', 'theta', 'ets', 'timeseries-mlp'],
        });
      expect(res.status, s.id).toBe(200);
      const [r] = (res.body as BacktestResponse).results;
      for (const m of r!.models) expect(m.error, `${s.id} ${m.model}`).toBeNull();
      expect(r!.windows! * r!.h! + s.period + 1, s.id).toBeLessThanOrEqual(s.length);
    }
  });

  it('offers each bundled example series a horizon that 3 whole windows fit', async () => {
    const list = ((await request(app).get('/v1/series')).body as ExamplesResponse).series;
    const horizons = Object.fromEntries(list.map((s) => [s.id, s.horizon]));
    expect(horizons).toMatchObject({ AirPassengers: 24, USAccDeaths: 12, UKgas: 8, Nile: 10 });
    for (const s of list) {
      const one = await example(s.id);
      expect(one.horizon).toBe(s.horizon);
      const res = await request(app)
        .post('/v1/backtest')
        .send({ data: one.data, h: s.horizon, models: ['snaive'] });
      expect(res.body, s.id).toMatchObject({ results: [{ h: s.horizon, windows: 3 }], warnings: [] });
    }
  });

  it('takes as many windows as fit in USAccDeaths at 24 steps, and says so', async () => {
    const res = await request(app)
      .post('/v1/backtest')
      .send({ data: (await example('USAccDeaths')).data, h: 24, models: ['snaive', 'ets'] });
    const body = res.body as BacktestResponse;
    // Each series says its own windows; the answer's are those asked: none.
    expect(body).toMatchObject({ h: 24, windows: null });
    expect(body.results[0]).toMatchObject({ h: 24, windows: 2 });
    expect(body.results[0]!.models.every((m) => m.metrics !== null)).toBe(true);
    expect(body.warnings).toEqual([
      expect.stringMatching(/"USAccDeaths": 2 windows of 24 steps fit in its 72 values/),
    ]);
  });

  it('keeps windows asked for, and a series they do not fit says what would', async () => {
    const res = await request(app)
      .post('/v1/backtest')
      .send({ data: (await example('USAccDeaths')).data, h: 24, windows: 3, models: ['snaive'] });
    const [r] = (res.body as BacktestResponse).results;
    expect(r).toMatchObject({ h: null, windows: null, best: null });
    expect(r!.models[0]!.error!.message).toMatch(
      /too few for 3 windows of 24 steps.*2 windows of 24 steps fit, or 3 windows of at most 19 steps/,
    );
  });
});

describe('POST /v1/backtest-jobs', () => {
  it('runs the backtest of the request as a job: the same metrics, each model’s means in its summary', async () => {
    const data = (await example('USAccDeaths')).data;
    const body = { data, h: 12, models: ['snaive', 'theta', 'timeseries-mlp'] };
    const submitted = await request(app)
      .post('/v1/backtest-jobs')
      .send({ ...body, name: 'deaths' });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ kind: 'timeseries.backtest', name: 'deaths' });
    const done = await under.queue.wait(submitted.body.id);
    expect(done.error).toBeNull();
    const view = (await request(app).get(`/v1/jobs/${done.id}`)).body;
    const direct = (await request(app).post('/v1/backtest').send(body)).body as BacktestResponse;
    // The same contract as the route's answer: windows null when left to each series.
    expect(view.summary).toEqual({
      series: 1,
      models: body.models,
      h: direct.h,
      windows: direct.windows,
      summary: direct.summary,
      warnings: direct.warnings,
    });
    expect(direct.windows).toBeNull();
    expect(JSON.stringify(view)).not.toContain('.series');
    expect(view.progress).toMatchObject({ done: 9, total: 9 });
    const rows = (await request(app).get(`/v1/jobs/${done.id}/results`)).body.rows as Row[];
    expect(rows.map((r) => r.model)).toEqual(body.models);
    direct.results[0]!.models.forEach((m, i) => {
      expect(rows[i]).toMatchObject({
        id: 'USAccDeaths',
        h: 12,
        windows: 3,
        best: m.model === direct.results[0]!.best,
        mase: m.metrics!.mase,
        coverage_80: m.metrics!.coverage['80'],
        error: null,
      });
    });
  });

  it('keeps a series it cannot read in its place, with its error on every model', async () => {
    const submitted = await request(app)
      .post('/v1/backtest-jobs')
      .send({
        series: [
          { id: 'gappy', values: [1, 2, null, 4, 5, 6, 7, 8] },
          { id: 'fine', values: Array.from({ length: 30 }, (_, i) => i % 7) },
        ],
        h: 3,
        models: ['naive'],
      });
    const done = await under.queue.wait(submitted.body.id);
    const rows = (await request(app).get(`/v1/jobs/${done.id}/results`)).body.rows as Row[];
    expect(rows.map((r) => r.id)).toEqual(['gappy', 'fine']);
    expect(rows[0]!.error).toMatch(/^SERIES_MISSING_VALUE: /);
    expect(rows[1]).toMatchObject({ windows: 3, error: null });
  });

  it('says what reading the request interpolated, as the backtest route does, with the windows asked', async () => {
    const values = Array.from({ length: 40 }, (_, i) => 10 + (i % 4));
    values[5] = null as unknown as number;
    const body = {
      series: [{ id: 'gap', values, period: 4 }],
      h: 4,
      windows: 2,
      models: ['naive'],
      missing: 'interpolate',
    };
    const direct = (await request(app).post('/v1/backtest').send(body)).body as BacktestResponse;
    expect(direct).toMatchObject({ windows: 2, warnings: ['series "gap": interpolated 1 missing value'] });
    const submitted = await request(app).post('/v1/backtest-jobs').send(body);
    const done = await under.queue.wait(submitted.body.id);
    expect(done.error).toBeNull();
    const view = (await request(app).get(`/v1/jobs/${done.id}`)).body;
    expect(view.summary).toMatchObject({ windows: 2, warnings: direct.warnings, summary: direct.summary });
  });

  it('refuses an unknown model before queueing', async () => {
    const res = await request(app)
      .post('/v1/backtest-jobs')
      .send({ series: [{ id: 'a', values: [1, 2, 3, 4] }], h: 1, models: ['theta', 'prophet'] });
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', field: 'body.models.1' });
  });
});
