import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultThreadBudget } from '@strata/core/node';
import { describe, expect, it, vi } from 'vitest';
import { runGridSourceContract } from '../testing/grid-source-contract.js';
import { writeClassic } from '../testing/classic-writer.js';
import { sharedWeatherFile } from '../testing/shared-data.js';
import { openUntrustedGridFile } from './open-untrusted.js';

runGridSourceContract(
  'untrusted files, read on a thread of their own',
  ['eraint_uvz.nc', 'era5-t2m-uk-2019-03.nc4'],
  {
    thread: (file) => openUntrustedGridFile(sharedWeatherFile(file)),
  },
);

const dir = mkdtempSync(join(tmpdir(), 'strata-untrusted-'));

/** A valid classic file whose time axis of `times` hours makes its reader build arrays of that length. */
function longTimeAxis(times: number): string {
  const path = join(dir, `times-${times}.nc`);
  const file = writeClassic({
    dimensions: [
      { name: 'time', length: times },
      { name: 'lat', length: 2 },
      { name: 'lon', length: 2 },
    ],
    variables: [
      {
        name: 'time',
        dims: [0],
        type: 'double',
        attributes: { units: 'hours since 2000-01-01' },
        values: Array.from({ length: times }, (_, i) => i),
      },
      { name: 'lat', dims: [1], type: 'float', attributes: { units: 'degrees_north' }, values: [1, 0] },
      { name: 'lon', dims: [2], type: 'float', attributes: { units: 'degrees_east' }, values: [0, 1] },
      { name: 't', dims: [0, 1, 2], type: 'byte', values: [1, 2, 3, 4] },
    ],
  });
  writeFileSync(path, file.bytes);
  return path;
}

describe('a file that runs into the limits of its reader thread', () => {
  it('is GRID_FORMAT naming the time limit', async () => {
    await expect(openUntrustedGridFile(longTimeAxis(3), { timeoutMs: 1 })).rejects.toMatchObject({
      code: 'GRID_FORMAT',
      message: expect.stringMatching(/took longer than the reader's limit of 1 ms/),
    });
  });

  it('passes on what a file lacks as it is, and keeps reading', async () => {
    const source = await openUntrustedGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
    expect(() => source.describe('z500')).toThrow(
      expect.objectContaining({ code: 'VARIABLE_NOT_FOUND' }) as Error,
    );
    await expect(source.readField({ variable: '2t', time: 9999 })).rejects.toMatchObject({
      code: 'TIME_NOT_FOUND',
    });
    expect((await source.readField({ variable: '2t', time: 1 })).data).toHaveLength(33 * 49);
    source.close();
  });
});

describe('reader threads', () => {
  it('end with the source, and with a file that did not open, whatever the reason', async () => {
    const live = () => defaultThreadBudget().stats().live;
    // The threads of earlier tests' sources end in their own time: counted from none.
    await vi.waitFor(() => expect(live()).toBe(0), { timeout: 10_000 });
    const before = live();
    const garbage = join(dir, 'garbage.nc');
    writeFileSync(garbage, 'CDF\x01 and nothing a header holds');
    const tooLong = join(dir, 'too-long.nc');
    writeFileSync(
      tooLong,
      writeClassic({
        dimensions: [{ name: 'x', length: 2 ** 20 + 1 }],
        variables: [{ name: 'v', dims: [0], type: 'byte', values: [] }],
      }).bytes,
    );
    await expect(openUntrustedGridFile(garbage)).rejects.toMatchObject({ code: 'GRID_FORMAT' });
    await expect(openUntrustedGridFile(tooLong)).rejects.toMatchObject({ code: 'GRID_UNSUPPORTED' });
    const source = await openUntrustedGridFile(longTimeAxis(3));
    expect(live()).toBeGreaterThan(before);
    source.close();
    await vi.waitFor(() => expect(live()).toBe(before), { timeout: 10_000 });
  });
});
