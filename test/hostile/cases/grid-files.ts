// Crafted NetCDF files: headers whose counts, sizes and offsets lie about the file. Each must end as a
// GRID_FORMAT failure (of the job, or a 4xx answer) before anything is allocated from what it claims.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { expectProblem, type HostileCase, type HostileServer } from '../case.js';

const FORECAST = '/weather/v1/forecasts?model=era5-uk-t2m-1h&init=2019-03-10T00:00:00Z&leads=1';

/** A small, valid NetCDF classic file with a record `time` variable, to be corrupted. */
export const classicFile = (): Buffer =>
  readFileSync(new URL('../../../packages/weather/fixtures/edge-cases.nc', import.meta.url));

/** Posts a file as a forecast's initial state and checks that it fails cleanly, as a job or as a 4xx. */
export async function expectGridRefused(server: HostileServer, file: Buffer, path = FORECAST): Promise<void> {
  const res = await server.post(path, { 'content-type': 'application/x-netcdf' }, [file]);
  if (res.status === 202) {
    const end = await server.jobEnd('weather', res.body.links as { events: string });
    expect(end).toMatchObject({ state: 'failed', error: { code: 'GRID_FORMAT' } });
    // The message names the file by its own name, never by where the server keeps it.
    expect(JSON.stringify(end)).not.toContain(server.stateDir);
  } else {
    expectProblem(server, res, res.status);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
}

/** The file with a big-endian int32 written at `offset`. */
function withInt32(offset: number, value: number): Buffer {
  const file = classicFile();
  new DataView(file.buffer, file.byteOffset).setInt32(offset, value);
  return file;
}

export const gridFileCases: HostileCase[] = [
  ...[0x7fffffff, -5].map((numrecs): HostileCase => ({
    kind: 'grid-file',
    name: `a NetCDF classic header claiming ${numrecs} records`,
    run: (server) => expectGridRefused(server, withInt32(4, numrecs)),
  })),
];
