// Uploaded grid files are read on threads of their own: a few at once per app, shared by the routes
// that read them, each with no more heap than its reading needs.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedWeatherFile, writeLongAxesFile } from '@strata/weather/testing';
import type { Express } from 'express';
import { openAppUnderTest, type AppUnderTest } from './app-under-test.js';
import { UntrustedReads } from './untrusted-reads.js';

const MODEL = 'era5-uk-t2m-1h';
const era5 = sharedWeatherFile('era5-t2m-uk-2019-03.nc');
/** One place: a test that holds it leaves none to the routes. */
const reads = new UntrustedReads({ limit: 1, retryAfterSeconds: 3 });
let under: AppUnderTest;
let app: Express;
let forecastId = '';

const upload = (path: string, bytes: Buffer) =>
  request(app).post(path).set('content-type', 'application/x-netcdf').send(bytes);

beforeAll(async () => {
  under = await openAppUnderTest('weather-upload-readers', { untrustedReads: reads });
  app = under.app;
  const res = await request(app)
    .post('/v1/forecasts')
    .send({ model: MODEL, dataset: 'era5-t2m-uk-2019-03.nc', leads: [1] });
  expect(res.status).toBe(202);
  forecastId = res.body.id;
  expect((await under.queue.wait(forecastId)).error).toBeNull();
}, 120_000);
afterAll(() => under?.close());

describe('uploaded files read at once', () => {
  it('are refused with 503 and Retry-After on every upload route while all the app’s readers are busy', async () => {
    const bytes = readFileSync(era5);
    const held = await reads.open(era5);
    try {
      expect(reads.inUse).toBe(1);
      for (const path of [`/v1/forecasts?model=${MODEL}&leads=1`, `/v1/evaluations?forecast=${forecastId}`]) {
        const res = await upload(path, bytes);
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'QUEUE_FULL', status: 503 });
        expect(res.body.detail).toMatch(
          /as many uploaded files as it reads at once \(1\); send this one again in 3 s/,
        );
        expect(res.headers['retry-after']).toBe('3');
      }
      // A dataset of the server's is no upload: read here, it takes no reader.
      const dataset = await request(app)
        .post('/v1/forecasts')
        .send({ model: MODEL, dataset: 'era5-t2m-uk-2019-03.nc', init: 'tomorrow' });
      expect(dataset.body).toMatchObject({ status: 400, field: 'body.init' });
    } finally {
      held.close();
    }
    expect(reads.inUse).toBe(0);
    // Each answer, whatever it was, gives its reader back.
    expect((await upload(`/v1/evaluations?forecast=${forecastId}`, bytes)).status).toBe(200);
    expect((await upload(`/v1/forecasts?model=${MODEL}&init=tomorrow`, bytes)).status).toBe(400);
    expect((await upload(`/v1/forecasts?model=${MODEL}`, Buffer.from('CDF\x01'))).status).toBe(422);
    const submitted = await upload(`/v1/forecasts?model=${MODEL}&leads=1`, bytes);
    expect(submitted.status).toBe(202);
    expect(reads.inUse).toBe(0);
    await under.queue.wait(submitted.body.id);
  });

  it('read a forecast’s initial state with a small heap, its description being all it reads', async () => {
    // A file whose description alone takes about 100 MB of heap: past the describing reader's cap,
    // within the 512 MB of a reader that reads fields.
    const dir = await mkdtemp(join(tmpdir(), 'strata-upload-readers-'));
    const heavy = readFileSync(await writeLongAxesFile(join(dir, 'axes.nc'), 12));
    const forecast = await upload(`/v1/forecasts?model=${MODEL}&filename=axes.nc`, heavy);
    expect(forecast.body).toMatchObject({ status: 422, code: 'GRID_FORMAT' });
    expect(forecast.body.detail).toBe(
      "axes.nc could not be read: reading it passed the reader's memory cap of 64 MB",
    );
    // The truth file of an evaluation opens (and then lacks the forecast's variable).
    const truth = await upload(`/v1/evaluations?forecast=${forecastId}&filename=axes.nc`, heavy);
    expect(truth.body).toMatchObject({ status: 404, code: 'VARIABLE_NOT_FOUND' });
    expect(reads.inUse).toBe(0);
  });

  it('are at least one, and a refusal says when to retry in whole seconds', () => {
    expect(() => new UntrustedReads({ retryAfterSeconds: 0.5 })).toThrow(/retryAfterSeconds must be/);
    expect(() => new UntrustedReads({ limit: 0 })).toThrow(
      /limit must be a whole number of at least 1, not 0/,
    );
  });
});
