import { describe, expect, it } from 'vitest';
import { openGrid } from '../open-grid.js';
import { writeClassic } from '../testing/classic-writer.js';

const lat = [58, 57.75, 57.5, 57.25];
const lon = [350, 350.25, 350.5];

/** A 4 x 3 field of t2m on the given coordinates. */
const grid = (latitude: number[], longitude: number[]) =>
  writeClassic({
    dimensions: [
      { name: 'latitude', length: latitude.length },
      { name: 'longitude', length: longitude.length },
    ],
    variables: [
      {
        name: 'latitude',
        dims: [0],
        type: 'double',
        attributes: { units: 'degrees_north' },
        values: latitude,
      },
      {
        name: 'longitude',
        dims: [1],
        type: 'double',
        attributes: { units: 'degrees_east' },
        values: longitude,
      },
      {
        name: 't2m',
        dims: [0, 1],
        type: 'float',
        values: Array<number>(latitude.length * longitude.length).fill(280),
      },
    ],
  }).bytes;

describe('coordinates that are no places on the Earth', () => {
  it.each([
    ['NaN latitudes', lat.map(() => NaN), lon, /latitude NaN at index 0/],
    ['one latitude four times', lat.map(() => 55), lon, /latitude 55 at index 1/],
    ['latitudes past the poles', [1e308, 0, -1e308, -1e300], lon, /latitude 1e\+308 at index 0/],
    ['latitudes back and forth', [58, 57, 58.5, 56], lon, /latitude 58.5 at index 2/],
    ['an infinite longitude', lat, [350, Infinity, 351], /longitude Infinity at index 1/],
    ['longitudes thousands of degrees out', lat, [350, 1350, 2350], /longitude 1350 at index 1/],
  ])('refuses %s as GRID_FORMAT', async (_what, latitude, longitude, message) => {
    await expect(openGrid(grid(latitude, longitude), 'odd.nc')).rejects.toMatchObject({
      code: 'GRID_FORMAT',
      message: expect.stringMatching(message),
    });
  });

  it('reads either latitude order and longitudes east or west of 0', async () => {
    for (const [latitude, longitude] of [
      [lat, lon],
      [[...lat].reverse(), [-10, -9.75, -9.5]],
      [[90], [0, 120, 240]],
    ]) {
      const source = await openGrid(grid(latitude!, longitude!), 'fine.nc');
      expect((await source.readField({ variable: 't2m' })).data.every((v) => v === 280)).toBe(true);
    }
  });
});
