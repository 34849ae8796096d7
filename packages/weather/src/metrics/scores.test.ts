import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openGridFile } from '../open-grid-file.js';
import { fixtureFile, sharedWeatherFile } from '../testing/shared-data.js';
import { Scorecard, scoreField } from './scores.js';
import { latitudeWeights } from './weights.js';

/** Scores computed with numpy from netCDF4-python reads (scripts/metric-references.py). */
const refs = JSON.parse(readFileSync(fixtureFile('metric-references.json'), 'utf8')) as Record<
  string,
  { scores: { mse: number; bias: number; acc: number; points: number } }
>;

const close = (got: number | null, want: number) =>
  expect(Math.abs(got! - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-5 + 1e-9);

describe('WeatherBench-2 scores on real field pairs', () => {
  it('ERA5 2 m temperature, 24 h persistence, against the monthly mean climatology', async () => {
    const source = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
    const times = source.describe('t2m').times.length;
    const fields = await Promise.all(
      Array.from({ length: times }, (_, t) => source.readField({ variable: 't2m', time: t })),
    );
    const climatology = new Float64Array(fields[0]!.data.length);
    for (const f of fields) f.data.forEach((v, i) => (climatology[i]! += v / times));
    const s = scoreField({
      forecast: fields[216]!.data,
      truth: fields[240]!.data,
      climatology,
      latitude: fields[0]!.latitude,
    });
    const want = refs['era5-t2m-persistence-24h']!.scores;
    close(s.mse, want.mse);
    close(s.bias, want.bias);
    close(s.acc, want.acc);
    expect(s.points).toBe(want.points);
    source.close();
  });

  it('ERA-Interim 500 hPa geopotential, January against July, global cell-area weights', async () => {
    const source = await openGridFile(sharedWeatherFile('eraint_uvz.nc'));
    const jan = await source.readField({ variable: 'z', level: 500, time: 0 });
    const jul = await source.readField({ variable: 'z', level: 500, time: 1 });
    const nLon = jan.longitude.length;
    const climatology = new Float64Array(jan.data.length);
    for (let r = 0; r < jan.latitude.length; r++) {
      let zonal = 0;
      for (let c = 0; c < nLon; c++) zonal += (jan.data[r * nLon + c]! + jul.data[r * nLon + c]!) / 2 / nLon;
      climatology.fill(zonal, r * nLon, (r + 1) * nLon);
    }
    const s = scoreField({ forecast: jan.data, truth: jul.data, climatology, latitude: jan.latitude });
    const want = refs['eraint-z500-january-vs-july']!.scores;
    close(s.mse, want.mse);
    close(s.bias, want.bias);
    close(s.acc, want.acc);
    source.close();
  });
});

describe('score aggregation', () => {
  it('weights rows by cell area with the poles clipped, mean 1', () => {
    const w = latitudeWeights([90, 45, 0, -45, -90]);
    expect(w.reduce((a, b) => a + b, 0) / 5).toBeCloseTo(1, 12);
    // the equator band spans -22.5..22.5; the pole row 67.5..90 (its outer bound clipped at the pole)
    expect(w[2]! / w[0]!).toBeCloseTo((2 * Math.sin(Math.PI / 8)) / (1 - Math.sin((3 * Math.PI) / 8)), 9);
  });

  it('takes RMSE as the root of the mean MSE over cases, skips missing points', () => {
    const card = new Scorecard();
    const latitude = [10, -10];
    card.add(
      { variable: 'z', level: 500, lead: 24 },
      scoreField({ forecast: [1, 1, 1, 1], truth: [0, 0, 0, 0], latitude }),
    );
    card.add(
      { variable: 'z', level: 500, lead: 24 },
      scoreField({ forecast: [3, 3, 3, NaN], truth: [0, 0, 0, 0], latitude }),
    );
    const [row] = card.rows();
    expect(row).toMatchObject({ variable: 'z', level: 500, lead: 24, cases: 2, acc: null });
    expect(row!.rmse).toBeCloseTo(Math.sqrt((1 + 9) / 2), 12);
    expect(row!.bias).toBeCloseTo(2, 12);
    expect(() => scoreField({ forecast: [1, 2, 3], truth: [1, 2, 3], latitude })).toThrow(
      /do not make one grid/,
    );
  });
});
