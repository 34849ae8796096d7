// NetCDF read throughput (classic and NetCDF-4, every field of the file through GridSource) beside the
// raw speed of reading the same file's bytes.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeState, panguSpec } from '@strata/weather';
import { ForecastFile, openGridFile } from '@strata/weather/node';
import { sharedWeatherFile } from '@strata/weather/testing';

/** A full-size 0.25° NetCDF-4 state (all Pangu variables and levels, one time), as a rollout writes it. */
async function fullSizeFile(dir: string): Promise<string> {
  const spec = panguSpec(6);
  const path = join(dir, 'pangu-state.nc');
  const state = makeState(spec, (i) => i % 977);
  const file = await ForecastFile.create(path, { spec, initTime: Date.UTC(2019, 2, 1), deflate: 0 });
  file.write(0, state);
  file.close();
  return path;
}

async function readAll(path: string): Promise<number> {
  const source = await openGridFile(path);
  let values = 0;
  for (const v of source.variables) {
    for (let t = 0; t < v.times.length; t++) {
      for (const level of v.levels ?? [undefined]) {
        values += (
          await source.readField({ variable: v.name, time: t, ...(level === undefined ? {} : { level }) })
        ).data.length;
      }
    }
  }
  source.close();
  return values;
}

export async function netcdfReadThroughput(): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-read-'));
  const shared = [
    'era5-t2m-uk-2019-03.nc',
    'era5-t2m-uk-2019-03.nc4',
    'era5-t2m-uk-2019-03-newcds.nc',
    'eraint_uvz.nc',
    'monthly_navy_winds.cdf',
  ];
  const files = shared.map((name) => ({ name, path: sharedWeatherFile(name) }));
  files.push({ name: '0.25° Pangu state, NetCDF-4 (generated)', path: await fullSizeFile(dir) });
  const time = async (f: () => unknown) => {
    await f();
    const s = performance.now();
    for (let i = 0; i < 3; i++) await f();
    return (performance.now() - s) / 3;
  };
  for (const { name, path } of files) {
    const mb = statSync(path).size / 2 ** 20;
    const rawMs = await time(() => readFileSync(path));
    const gridMs = await time(() => readAll(path));
    rows.push({
      file: name,
      MiB: mb,
      'raw read MB/s': mb / (rawMs / 1000),
      'GridSource MB/s': mb / (gridMs / 1000),
      'time vs raw': gridMs / rawMs,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
