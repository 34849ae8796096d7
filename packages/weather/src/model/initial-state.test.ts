import { describe, expect, it } from 'vitest';
import { extractTable } from '../extract.js';
import { openGridFile } from '../open-grid-file.js';
import { sharedWeatherFile } from '../testing/shared-data.js';
import type { GridModelSpec } from './grid-model.js';
import { initialState } from './initial-state.js';

/** A 1° model over the UK window of the ERA5 file (crossing 0°), 2 m temperature only. */
const ukSpec: GridModelSpec = {
  stepHours: 1,
  grid: {
    latitudeFirst: 58,
    latitudeLast: 50,
    latitudes: 9,
    longitudeFirst: 350,
    longitudes: 13,
    longitudeStep: 1,
  },
  tensors: [{ input: 'input_surface', output: 'output_surface', variables: ['t2m'] }],
  forcings: [],
};

describe('initial state and extracts from real ERA5 data', () => {
  it('regrids the 0.25° field onto the model grid (grid points coincide, so values match exactly)', async () => {
    const source = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
    const time = new Date('2019-03-10T06:00:00Z');
    const state = await initialState(source, ukSpec, time);
    const field = await source.readField({ variable: 't2m', time });
    const at = (lat: number, lon: number) =>
      field.data[field.latitude.indexOf(lat) * field.longitude.length + field.longitude.indexOf(lon)]!;
    const model = state.input_surface!;
    expect(model).toHaveLength(9 * 13);
    // model row 0 is 58 N; model longitudes ascend 0, 1, 2, 350, ..., 359
    expect(model[0]).toBeCloseTo(at(58, 0), 4);
    expect(model[3]).toBeCloseTo(at(58, 350), 4);
    expect(model[8 * 13 + 12]).toBeCloseTo(at(50, 359), 4);
    source.close();
  });

  it('extracts points (interpolated) and regions (grid values) as Arrow tables', async () => {
    const source = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc4'));
    const field = await source.readField({ variable: 't2m', time: 0 });
    const at = (lat: number, lon: number) =>
      field.data[field.latitude.indexOf(lat) * field.longitude.length + field.longitude.indexOf(lon)]!;
    const points = extractTable([field], {
      points: [{ name: 'midway', latitude: 51.375, longitude: -0.875 }],
    }).toArray() as { name: string; value: number; longitude: number }[];
    // Halfway between 51.25/51.5 N and 359/359.25 E: the mean of the four neighbours.
    const mean = (at(51.25, 359) + at(51.25, 359.25) + at(51.5, 359) + at(51.5, 359.25)) / 4;
    expect(points[0]!.name).toBe('midway');
    expect(points[0]!.value).toBeCloseTo(mean, 4);
    expect(points[0]!.longitude).toBeCloseTo(359.125, 9);
    const region = extractTable([field], { region: { north: 52, south: 51, west: -1, east: 1 } });
    expect(region.numRows).toBe(5 * 9);
    expect(new Set(region.getChild('latitude')!.toArray() as Float64Array)).toEqual(
      new Set([52, 51.75, 51.5, 51.25, 51]),
    );
    expect(region.getChild('time')!.get(0)).toBe(Date.UTC(2019, 2, 1));
    expect(extractTable([field], { region: { north: 90, south: -90, west: -180, east: 180 } }).numRows).toBe(
      33 * 49,
    );
    source.close();
  });
});
