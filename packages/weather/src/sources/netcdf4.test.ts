import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { describe, expect, it } from 'vitest';
import { openGridFile } from '../open-grid-file.js';
import { sharedWeatherFile } from '../testing/shared-data.js';
import { writeLongAxesFile } from './long-axes-file.js';
import { openUntrustedGridFile } from '../untrusted/open-untrusted.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-netcdf4-'));

/** A small NetCDF-4 grid (t2m on 3 x 3 points, hourly) whose header can be made to claim more. */
async function craft(
  name: string,
  claim: { times?: number; chunk?: number; attribute?: number; latitudes?: number[] } = {},
): Promise<string> {
  await h5wasm.ready;
  const path = join(dir, name);
  const f = new h5wasm.File(path, 'w');
  const axis = (key: string, values: number[], units: string) => {
    const ds = f.create_dataset({ name: key, data: new Float32Array(values) });
    ds.create_attribute('units', units);
    ds.make_scale(key);
  };
  axis('lat', claim.latitudes ?? [58, 57.75, 57.5], 'degrees_north');
  axis('lon', [350, 350.25, 350.5], 'degrees_east');
  const time = f.create_dataset({ name: 'time', data: new Float64Array([0]), maxshape: [null], chunks: [1] });
  time.create_attribute('units', 'hours since 2019-03-10 00:00:00');
  time.make_scale('time');
  const t2m = f.create_dataset({
    name: 't2m',
    data: new Float32Array(claim.chunk ? 0 : 9).fill(280),
    shape: [claim.chunk ? 0 : 1, 3, 3],
    maxshape: [null, 3, 3],
    chunks: [claim.chunk ?? 1, 3, 3],
  });
  t2m.create_attribute('units', 'K');
  if (claim.attribute) t2m.create_attribute('history', new Float64Array(claim.attribute));
  ['time', 'lat', 'lon'].forEach((d, i) => t2m.attach_scale(i, d));
  if (claim.times) {
    // Extents grow without a byte written: HDF5 allocates chunks only when they are written.
    time.resize([claim.times]);
    t2m.resize([claim.times, 3, 3]);
  }
  f.close();
  return path;
}

describe('NetCDF-4 files whose metadata claim more than they hold', () => {
  it('reads the honest file', async () => {
    const source = await openGridFile(await craft('honest.nc'));
    expect((await source.readField({ variable: 't2m', time: 0 })).data[0]).toBe(280);
    source.close();
  });

  it('refuses 2^24 time steps claimed by a 13 KB file before reading any', async () => {
    const path = await craft('long.nc', { times: 2 ** 24 });
    expect(statSync(path).size).toBeLessThan(20_000);
    await expect(openGridFile(path)).rejects.toMatchObject({
      code: 'GRID_FORMAT',
      message: expect.stringMatching(
        /dataset "t2m" claims \[16777216, 3, 3\] values .* more than a \d+-byte file can hold/,
      ),
    });
  });

  it('refuses chunks larger than the file could fill, which HDF5 would allocate whole to read a value', async () => {
    await expect(openGridFile(await craft('chunky.nc', { chunk: 2 ** 22 }))).rejects.toMatchObject({
      code: 'GRID_UNSUPPORTED',
      message: expect.stringMatching(
        /dataset "t2m" has chunks of 150994944 bytes; chunks of at most \d+ bytes are read/,
      ),
    });
  });

  it('leaves out an attribute larger than any CF attribute without reading it', async () => {
    const source = await openGridFile(await craft('attribute.nc', { attribute: 5 * 2 ** 17 }));
    expect(source.describe('t2m').units).toBe('K');
    expect((await source.readField({ variable: 't2m', time: 0 })).data[0]).toBe(280);
    source.close();
  });

  it('refuses a dimension scale whose length differs from the axis it labels', async () => {
    await expect(
      openGridFile(await craft('scale.nc', { latitudes: [58, 57.75, 57.5, 57.25] })),
    ).rejects.toMatchObject({
      code: 'GRID_FORMAT',
      message: expect.stringMatching(/"t2m" has 3 points along "lat", but its coordinate variable has 4/),
    });
  });

  it('names a cut-short or garbage HDF5 file as such', async () => {
    const real = readFileSync(sharedWeatherFile('era5-t2m-uk-2019-03.nc4'));
    const files = {
      'signature.nc': Buffer.concat([real.subarray(0, 8), Buffer.alloc(4096, 0xa5)]),
      'cut-superblock.nc': real.subarray(0, 40),
      'cut-metadata.nc': real.subarray(0, 4000),
      'cut-data.nc': real.subarray(0, real.length >> 1),
    };
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(join(dir, name), bytes);
      await expect(openGridFile(join(dir, name))).rejects.toMatchObject({
        code: 'GRID_FORMAT',
        message: expect.stringMatching(/not a readable NetCDF-4\/HDF5 file: HDF5 cannot open it/),
      });
    }
  });
});

describe('a NetCDF-4 file within every check whose reading outgrows the heap cap', () => {
  it('ends its reader thread, not the process: GRID_FORMAT naming the cap', async () => {
    const path = await writeLongAxesFile(join(dir, 'axes-6.nc'), 6);
    expect(statSync(path).size).toBeLessThan(2 ** 20);
    await expect(openUntrustedGridFile(path, { maxHeapMb: 40 })).rejects.toMatchObject({
      code: 'GRID_FORMAT',
      message: expect.stringMatching(
        /axes-6.nc could not be read: reading it passed the reader's memory cap of 40 MB/,
      ),
    });
    // The same file opens where the heap allows it.
    const source = await openUntrustedGridFile(path);
    expect(source.describe('v5').times).toHaveLength(2 ** 20);
    source.close();
  });
});
