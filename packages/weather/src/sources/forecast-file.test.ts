import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { makeState, type GridState } from '../model/rollout.js';
import { openGridFile } from '../open-grid-file.js';
import { miniSpec } from '../testing/advection-model.js';
import { ForecastFile } from './forecast-file.js';
import { ForecastWriter, writeOnThread } from './forecast-writer.js';

const spec = miniSpec(6);
const initTime = Date.UTC(2019, 2, 1, 0);
const stateAt = (lead: number): GridState => makeState(spec, (i) => 1000 * lead + i);

describe('forecast files (NetCDF-4)', () => {
  it('writes leads as they come, CF-readable: times, levels, grid, units', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'strata-fc-')), 'forecast.nc');
    const out = await ForecastFile.create(path, { spec, initTime, attributes: { model: 'advection-6h' } });
    out.write(6, stateAt(6));
    out.write(12, stateAt(12));
    out.close();
    const source = await openGridFile(path);
    expect(source.format).toBe('netcdf4');
    expect(source.variables.map((v) => v.name).sort()).toEqual(['msl', 't', 't2m', 'z']);
    const z = source.describe('z');
    expect(z.levels).toEqual([850, 500]);
    expect(z.units).toBe('m**2 s**-2');
    expect(z.times.map((t) => new Date(t!).toISOString())).toEqual([
      '2019-03-01T06:00:00.000Z',
      '2019-03-01T12:00:00.000Z',
    ]);
    expect(Array.from(z.latitude)).toEqual([60, 30, 0, -30, -60]);
    // z is variable 0 of the upper tensor; level 500 is level index 1: values 1000 * lead + (1 * 40 + i)
    const field = await source.readField({
      variable: 'z',
      level: 500,
      time: new Date('2019-03-01T12:00:00Z'),
    });
    expect(Array.from(field.data.subarray(0, 3))).toEqual([12040, 12041, 12042]);
    const t2m = await source.readField({ variable: 't2m', time: 0 });
    expect(t2m.data[0]).toBe(6000 + 40);
    source.close();
  });

  it('reopens to read leads back and append, in order only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'strata-fc-')), 'forecast.nc');
    const first = await ForecastFile.create(path, { spec, initTime });
    first.write(6, stateAt(6));
    first.close();
    const again = await ForecastFile.open(path, spec);
    expect(again.writtenLeads).toEqual([6]);
    expect(again.read(6)).toEqual(stateAt(6));
    expect(() => again.write(6, stateAt(6))).toThrow(
      /leads are written in increasing order; 6 h comes after 6 h/,
    );
    again.write(12, stateAt(12));
    expect(again.read(12)).toEqual(stateAt(12));
    expect(() => again.read(18)).toThrow(/has no lead 18 h; it has 6, 12/);
    again.close();
    await expect(ForecastFile.open(join(tmpdir(), 'no-such-forecast.nc'), spec)).rejects.toSatisfy((e) =>
      isStrataError(e, 'GRID_FORMAT'),
    );
  });

  it.each([true, false])(
    'writes through a ForecastWriter (on its own thread: %s), lead by lead, and surfaces its errors',
    async (thread) => {
      const path = join(mkdtempSync(join(tmpdir(), 'strata-fc-')), 'forecast.nc');
      const out = await ForecastWriter.create(path, { spec, initTime }, { thread });
      const first = await out.write(6, stateAt(6));
      const second = await out.write(12, stateAt(12)); // returns once the first is on disk
      await Promise.all([first.written, second.written]);
      expect(out.writtenLeads).toEqual([6, 12]);
      expect(await out.read(12)).toEqual(stateAt(12));
      const late = out.write(12, stateAt(12)).then((w) => w.written);
      await expect(late).rejects.toSatisfy(
        (e) =>
          isStrataError(e, 'INVALID_ARGUMENT') &&
          /leads are written in increasing order/.test((e as Error).message),
      );
      expect(out.writtenLeads).toEqual([6, 12]);
      await out.close();
      const again = await ForecastWriter.open(path, spec, { thread });
      expect(again.writtenLeads).toEqual([6, 12]);
      expect(await again.read(6)).toEqual(stateAt(6));
      await again.close();
      await expect(ForecastWriter.open(join(tmpdir(), 'no-such.nc'), spec, { thread })).rejects.toSatisfy(
        (e) => isStrataError(e, 'GRID_FORMAT') && /does not exist/.test((e as Error).message),
      );
    },
  );

  it('writes on a thread when the model runs on an accelerator or cores are left over', () => {
    const cpu = { executionProviders: ['cpu'] as const };
    const cuda = { executionProviders: ['cuda', 'cpu'] as const };
    expect(writeOnThread([cpu], 1, 2)).toBe(false);
    expect(writeOnThread([cpu, cuda], 1, 2)).toBe(true);
    expect(writeOnThread([cpu], 1, 16)).toBe(true);
    expect(writeOnThread([cpu], 15, 16)).toBe(false);
  });
});
