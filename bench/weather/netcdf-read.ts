// NetCDF read throughput (classic and NetCDF-4, every field of the file through GridSource) beside the
// raw speed of reading the same file's bytes.
import { readFileSync, statSync } from 'node:fs';
import { openGridFile } from '@strata/weather/node';
import { sharedWeatherFile } from '@strata/weather/testing';

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
  for (const name of [
    'era5-t2m-uk-2019-03.nc',
    'era5-t2m-uk-2019-03.nc4',
    'era5-t2m-uk-2019-03-newcds.nc',
    'monthly_navy_winds.cdf',
  ]) {
    const path = sharedWeatherFile(name);
    const mb = statSync(path).size / 2 ** 20;
    const time = async (f: () => unknown) => {
      await f();
      const s = performance.now();
      for (let i = 0; i < 3; i++) await f();
      return (performance.now() - s) / 3;
    };
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
  return rows;
}
