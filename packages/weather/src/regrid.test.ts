import { describe, expect, it } from 'vitest';
import { BilinearRegridder } from './regrid.js';

const grid = (latitude: number[], longitude: number[]) => ({
  latitude: Float64Array.from(latitude),
  longitude: Float64Array.from(longitude),
});

describe('bilinear regridding', () => {
  // A global 4 x 4 source: latitudes 30..-60 every 30, longitudes 0..270 every 90.
  const source = grid([30, 0, -30, -60], [0, 90, 180, 270]);
  const data = Float32Array.from({ length: 16 }, (_, i) => i * 10); // row r, col c -> 40 r + 10 c

  it('matches values computed by hand inside a cell', () => {
    // (15 N, 45 E): halfway between rows 0 and 1 and columns 0 and 1:
    // top = 0.5 * 0 + 0.5 * 10 = 5, bottom = 0.5 * 40 + 0.5 * 50 = 45, value = 0.5 * 5 + 0.5 * 45 = 25
    // (-40 N, 120 E): rows 2 (-30) and 3 (-60) with weight 1/3 on row 3, columns 1 and 2 with weight 1/3 on column 2:
    // top = 90 + (100 - 90) / 3 = 93.33, bottom = 130 + 10 / 3 = 133.33, value = 93.33 + 40 / 3 = 106.67
    const out = new BilinearRegridder(source, grid([15, -40], [45, 120])).apply(data);
    expect(out[0]).toBeCloseTo(25, 5);
    expect(out[3]).toBeCloseTo(106.6667, 3);
  });

  it('wraps across 360/0 on a global grid and reproduces grid points exactly', () => {
    // (0 N, 315 E) lies between 270 (col 3, value 70) and 360 = 0 (col 0, value 40): 55
    const out = new BilinearRegridder(source, grid([0, 30], [315, 90])).apply(data);
    expect(out[0]).toBeCloseTo(55, 5);
    expect(out[3]).toBe(10); // (30 N, 90 E) is a grid point
  });

  it('gives NaN outside a regional grid and next to missing values', () => {
    const regional = grid([58, 57.75], [0, 0.25, 359.5, 359.75]); // a regional grid across the meridian
    const values = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const targets = grid([57.875, 59], [0.125, 180, 359.875]);
    const out = new BilinearRegridder(regional, targets).apply(values);
    expect(out[0]).toBeCloseTo((1 + 2 + 5 + 6) / 4, 5);
    expect(out[1]).toBeNaN(); // 180 E is outside the region
    expect(out[2]).toBeCloseTo((4 + 1 + 8 + 5) / 4, 5); // between 359.75 and 360 = 0
    expect(Array.from(out.subarray(3))).toEqual([NaN, NaN, NaN]); // 59 N is north of the grid
    values[7] = NaN;
    expect(new BilinearRegridder(regional, targets).apply(values)[2]).toBeNaN();
    // A missing value does not spread to grid points it does not touch (their other weights are 0).
    const onto = new BilinearRegridder(regional, regional).apply(values);
    expect(Array.from(onto)).toEqual([1, 2, 3, 4, 5, 6, 7, NaN]);
  });
});
