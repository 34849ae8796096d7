import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { openGrid } from './open-grid.js';
import { openGridFile } from './open-grid-file.js';
import { panguSpec, type GridModelSpec } from './model/grid-model.js';
import { makeState } from './model/rollout.js';
import { ForecastFile } from './sources/forecast-file.js';
import { runGridSourceContract } from './testing/grid-source-contract.js';
import { sharedWeatherFile } from './testing/shared-data.js';

const openers = {
  file: (file: string) => openGridFile(sharedWeatherFile(file)),
  bytes: (file: string) => openGrid(new Uint8Array(readFileSync(sharedWeatherFile(file))), file),
};

runGridSourceContract(
  'NetCDF classic and 64-bit offset (Strata header and data reader)',
  ['era5-t2m-uk-2019-03.nc', 'eraint_uvz.nc', 'monthly_navy_winds.cdf'],
  openers,
);
runGridSourceContract(
  'NetCDF-4 / HDF5 (h5wasm)',
  ['era5-t2m-uk-2019-03.nc4', 'era5-t2m-uk-2019-03-newcds.nc'],
  openers,
);

describe('opening grid files', () => {
  it('reads the same field from the legacy and the new CDS layouts', async () => {
    const fields = await Promise.all(
      ['era5-t2m-uk-2019-03.nc', 'era5-t2m-uk-2019-03.nc4', 'era5-t2m-uk-2019-03-newcds.nc'].map(
        async (f) => {
          const source = await openGridFile(sharedWeatherFile(f));
          const field = await source.readField({ variable: '2t', time: new Date('2019-03-15T12:00:00Z') });
          source.close();
          return field;
        },
      ),
    );
    for (const f of fields.slice(1)) {
      expect(f.time).toBe(fields[0]!.time);
      f.data.forEach((v, i) => expect(Math.abs(v - fields[0]!.data[i]!)).toBeLessThan(1e-3));
    }
  });

  it('finds variables by ERA5 short name, GRIB short name, standard name and any case', async () => {
    const newcds = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03-newcds.nc'));
    expect(newcds.describe('2t').name).toBe('t2m');
    newcds.close();
    const eraint = await openGridFile(sharedWeatherFile('eraint_uvz.nc'));
    expect(eraint.describe('geopotential').name).toBe('z');
    expect(eraint.describe('eastward_wind').name).toBe('u');
    eraint.close();
    const navy = await openGridFile(sharedWeatherFile('monthly_navy_winds.cdf'));
    expect(navy.describe('uwnd').name).toBe('UWND');
    expect(navy.variables.map((v) => v.name)).toEqual(['UWND', 'VWND']);
    navy.close();
  });

  it('selects other dimensions with `at`, and refuses indices that are not whole numbers or dates that are not valid', async () => {
    const eraint = await openGridFile(sharedWeatherFile('eraint_uvz.nc'));
    const byAt = await eraint.readField({ variable: 'z', level: 500, at: { month: 1 } });
    const byTime = await eraint.readField({ variable: 'z', level: 500, time: 1 });
    expect(byAt.data).toEqual(byTime.data);
    await expect(eraint.readField({ variable: 'z', level: 500, time: 0.5 })).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'TIME_NOT_FOUND') &&
        /index 0.5 of "month" is not a whole number in 0..1/.test((e as Error).message),
    );
    eraint.close();
    const era5 = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc4'));
    await expect(era5.readField({ variable: 't2m', time: new Date('not a date') })).rejects.toSatisfy((e) =>
      isStrataError(e, 'TIME_NOT_FOUND'),
    );
    era5.close();
  });

  it('refuses a file that is not NetCDF (a GRIB file) and a truncated one', async () => {
    await expect(openGridFile(sharedWeatherFile('era5-2mt-2019-03-uk.grib'))).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'GRID_FORMAT') && /neither NetCDF classic nor NetCDF-4/.test((e as Error).message),
    );
    const bytes = new Uint8Array(readFileSync(sharedWeatherFile('eraint_uvz.nc')));
    await expect(openGrid(bytes.subarray(0, 200), 'truncated.nc')).rejects.toSatisfy((e) =>
      isStrataError(e, 'GRID_FORMAT'),
    );
    // A file cut inside its data is refused when opened: its header promises bytes the file lacks.
    await expect(openGrid(bytes.subarray(0, 100_000), 'cut.nc')).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'GRID_FORMAT') &&
        /"z" declares \[2, 3, 241, 480\] values of 2 bytes, more than the file holds/.test(
          (e as Error).message,
        ),
    );
    await expect(openGrid(bytes.subarray(0, bytes.length - 1000), 'cut.nc')).rejects.toSatisfy(
      (e) => isStrataError(e, 'GRID_FORMAT') && /runs past the end of the file/.test((e as Error).message),
    );
    await expect(openGrid(new Uint8Array([0x89, 0x48, 0x44, 0x46, 0, 0, 0, 0]), 'fake.h5')).rejects.toSatisfy(
      (e) => isStrataError(e, 'GRID_FORMAT'),
    );
  });

  it('hands out fields the caller owns, from small variables read whole and from large ones read a field at a time', async () => {
    // One 0.25° surface variable over five leads is past the size read whole; the UK file is below it.
    const spec: GridModelSpec = {
      ...panguSpec(6),
      tensors: [{ input: 'input_surface', output: 'output_surface', variables: ['t2m'] }],
    };
    const path = join(mkdtempSync(join(tmpdir(), 'strata-own-')), 'big.nc');
    const out = await ForecastFile.create(path, { spec, initTime: 0, deflate: 0 });
    for (const lead of [6, 12, 18, 24, 30])
      out.write(
        lead,
        makeState(spec, (i) => lead + i),
      );
    out.close();
    for (const [file, variable] of [
      [path, 't2m'],
      [sharedWeatherFile('era5-t2m-uk-2019-03-newcds.nc'), 't2m'],
    ] as const) {
      const source = await openGridFile(file);
      const first = await source.readField({ variable, time: 2 });
      const copy = Float32Array.from(first.data);
      first.data.fill(-1);
      const again = await source.readField({ variable, time: 2 });
      expect(again.data).toEqual(copy);
      source.close();
    }
    const big = await openGridFile(path);
    expect(Array.from((await big.readField({ variable: 't2m', time: 2 })).data.subarray(0, 3))).toEqual([
      18, 19, 20,
    ]);
    big.close();
  });
});
