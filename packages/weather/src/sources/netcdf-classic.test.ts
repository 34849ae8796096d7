import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openGrid } from '../open-grid.js';
import { bytesAccess } from '../random-access.js';
import { fixtureFile } from '../testing/shared-data.js';
import { openNetcdfClassic } from './netcdf-classic.js';

// Made by ncgen from fixtures/*.cdl (scripts/make-fixtures.sh); the CDL holds the expected values.
const bytes = (name: string) => new Uint8Array(readFileSync(fixtureFile(name)));

describe('NetCDF classic data reader', () => {
  it('reads bytes as signed, as NetCDF defines them (netcdfjs read them unsigned)', () => {
    const ds = openNetcdfClassic(bytesAccess(bytes('edge-cases.nc')), 'edge-cases.nc');
    expect(Array.from(ds.readSlab('signed', [0], [5]))).toEqual([-1, -2, -128, 127, 0]);
    expect(ds.variables.find((v) => v.name === 'b')!.attributes._FillValue).toBe(-127);
  });

  it('reads odd-length short variables to their last value, not the padding', () => {
    const ds = openNetcdfClassic(bytesAccess(bytes('edge-cases.nc')), 'edge-cases.nc');
    expect(Array.from(ds.readSlab('odd', [0], [5]))).toEqual([1, -2, 3, -4, 5]);
    expect(Array.from(ds.readSlab('odd', [3], [2]))).toEqual([-4, 5]);
  });

  it('steps records of a file with one record variable without padding, and reads sub-slabs', () => {
    const ds = openNetcdfClassic(bytesAccess(bytes('one-record-variable.nc')), 'one-record-variable.nc');
    expect(Array.from(ds.readSlab('s', [0, 0], [3, 3]))).toEqual([1, -2, 3, -4, 5, -6, 7, -8, 9]);
    expect(Array.from(ds.readSlab('s', [1, 1], [2, 2]))).toEqual([5, -6, -8, 9]);
  });

  it('steps padded records of several record variables', () => {
    const ds = openNetcdfClassic(bytesAccess(bytes('edge-cases.nc')), 'edge-cases.nc');
    expect(Array.from(ds.readSlab('time', [0], [2]))).toEqual([0, 59]);
    expect(Array.from(ds.readSlab('b', [1, 0, 0], [1, 3, 3]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, -127]);
    expect(Array.from(ds.readSlab('s', [1, 2, 1], [1, 1, 2]))).toEqual([13, 14]);
  });
});

describe('hostile NetCDF classic headers', () => {
  /** The edge-case file with its record count (bytes 4-7, big-endian) set to `numrecs`. */
  const withRecords = (numrecs: number) => {
    const file = bytes('edge-cases.nc');
    new DataView(file.buffer, file.byteOffset).setInt32(4, numrecs);
    return file;
  };

  it.each([0x7fffffff, -5, 100_000])(
    'refuses a record count of %d that the file cannot hold, before allocating',
    async (n) => {
      const open = () => openNetcdfClassic(bytesAccess(withRecords(n)), 'hostile.nc');
      expect(open).toThrow(expect.objectContaining({ code: 'GRID_FORMAT' }) as Error);
      expect(open).toThrow(/record count/);
      await expect(openGrid(withRecords(n), 'hostile.nc')).rejects.toMatchObject({ code: 'GRID_FORMAT' });
    },
  );

  it('still opens the file with its own record count', () => {
    expect(() => openNetcdfClassic(bytesAccess(withRecords(2)), 'edge-cases.nc')).not.toThrow();
  });
});

describe('CF decoding on the edge-case file', () => {
  it('unpacks, masks fill values, flips latitude, wraps longitude and reads a noleap calendar', async () => {
    const source = await openGrid(bytes('edge-cases.nc'), 'edge-cases.nc');
    const b = await source.readField({ variable: 'b', time: 0 });
    expect(Array.from(b.latitude)).toEqual([1, 0, -1]);
    expect(Array.from(b.longitude)).toEqual([0, 90, 270]);
    // raw (lat -1..1 rows, lon -90, 0, 90 columns) * 0.5 + 10, with -127 missing
    expect(Array.from(b.data)).toEqual([35, 60, -15, 73.5, NaN, 10.5, 9.5, 10, -54]);
    expect(b.units).toBe('K');
    // Day 59 of a year without 29 February is 1 March.
    expect(source.describe('b').times.map((t) => new Date(t!).toISOString())).toEqual([
      '2000-01-01T00:00:00.000Z',
      '2000-03-01T00:00:00.000Z',
    ]);
    const s = await source.readField({ variable: 's', time: new Date('2000-03-01T00:00:00Z') });
    // missing_value -1 and values above valid_max 1000 are missing
    expect(Array.from(s.data)).toEqual([13, 14, 12, 10, 11, 9, NaN, -300, NaN]);
    source.close();
  });
});
