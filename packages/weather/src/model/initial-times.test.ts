import { describe, expect, it } from 'vitest';
import { openGridFile } from '../open-grid-file.js';
import { sharedWeatherFile } from '../testing/shared-data.js';
import type { GridModelSpec } from './grid-model.js';
import { initialState } from './initial-state.js';
import { initialTimes } from './initial-times.js';

const grid: GridModelSpec['grid'] = {
  latitudeFirst: 58,
  latitudeLast: 50,
  latitudes: 9,
  longitudeFirst: 350,
  longitudes: 13,
  longitudeStep: 1,
};
const surface = (...variables: string[]): GridModelSpec => ({
  stepHours: 1,
  grid,
  tensors: [{ input: 'input_surface', output: 'output_surface', variables }],
  forcings: [],
});
const upper = (levels: number[]): GridModelSpec => ({
  stepHours: 6,
  grid,
  tensors: [{ input: 'input', output: 'output', variables: ['z', 'u'], levels }],
  forcings: [],
});

describe('initial times', () => {
  it('are every time of a file that has the model’s variables, and initialState starts from the first', async () => {
    const source = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
    try {
      const { times, reason } = initialTimes(source, surface('2t'));
      expect(reason).toBeNull();
      expect(times).toHaveLength(744);
      expect(new Date(times[0]!).toISOString()).toBe('2019-03-01T00:00:00.000Z');
      const state = await initialState(source, surface('2t'), new Date(times[0]!));
      expect(state.input_surface).toHaveLength(9 * 13);
    } finally {
      source.close();
    }
  });

  it('are none, with the reason, for a file without the model’s variable or level', async () => {
    const source = await openGridFile(sharedWeatherFile('eraint_uvz.nc'), { name: 'my analysis.nc' });
    try {
      const t2m = initialTimes(source, surface('t2m'));
      expect(t2m.times).toEqual([]);
      expect(t2m.reason).toMatch(/^my analysis\.nc has no variable "t2m"; it has .*z/);
      const level = initialTimes(source, upper([500, 700]));
      expect(level.times).toEqual([]);
      expect(level.reason).toBe('my analysis.nc: "z" has no level 700 hPa; it has 200, 500, 850');
      // Its variables and levels are there, but its time axis counts months without saying which.
      expect(initialTimes(source, upper([500, 850]))).toEqual({
        times: [],
        reason: 'my analysis.nc: "z" has no valid times (no CF time axis)',
      });
    } finally {
      source.close();
    }
  });

  it('refuse a level as readField refuses it, in the same words', async () => {
    const uvz = await openGridFile(sharedWeatherFile('eraint_uvz.nc'), { name: 'my analysis.nc' });
    const t2m = await openGridFile(sharedWeatherFile('era5-t2m-uk-2019-03.nc'));
    /** What readField says of the first field `spec` starts from that `source` cannot give. */
    const refusal = async (source: typeof uvz, request: { variable: string; level?: number }) =>
      ((await source.readField(request).catch((err: unknown) => err)) as Error).message;
    try {
      // A level the file lacks, no level of a variable with several, a level of a surface variable.
      expect(initialTimes(uvz, upper([500, 700])).reason).toBe(
        await refusal(uvz, { variable: 'z', level: 700 }),
      );
      expect(initialTimes(uvz, surface('z')).reason).toBe(await refusal(uvz, { variable: 'z' }));
      const t2mAloft = {
        ...upper([500]),
        tensors: [{ input: 'input', output: 'output', variables: ['2t'], levels: [500] }],
      };
      expect(initialTimes(t2m, t2mAloft)).toEqual({
        times: [],
        reason: await refusal(t2m, { variable: '2t', level: 500 }),
      });
      expect(initialTimes(t2m, t2mAloft).reason).toMatch(
        /"t2m" has no level 500 hPa; it is a surface variable/,
      );
    } finally {
      uvz.close();
      t2m.close();
    }
  });
});
