import { sizeOf } from '@strata/core';
import type { GridSource, Grid } from '../grid-source.js';
import { BilinearRegridder } from '../regrid.js';
import { modelGrid, tensorDims, type GridModelSpec } from './grid-model.js';
import type { GridState } from './rollout.js';

const sameGrid = (a: Grid, b: Grid) =>
  a.latitude.length === b.latitude.length &&
  a.longitude.length === b.longitude.length &&
  a.latitude.every((x, i) => Math.abs(x - b.latitude[i]!) < 1e-6) &&
  a.longitude.every((x, i) => Math.abs(x - b.longitude[i]!) < 1e-6);

/**
 * Builds a model's initial state from a grid source at one valid time: every variable and level of every
 * tensor, CF-decoded, bilinearly regridded when the file's grid is not the model's, in tensor layout.
 * Throws `VARIABLE_NOT_FOUND`, `LEVEL_NOT_FOUND` or `TIME_NOT_FOUND` naming what the file lacks.
 *
 * @example
 * ```ts
 * const initial = await initialState(await openGridFile('era5-2019-03-01.nc'), panguSpec(24), new Date('2019-03-01T00:00Z'));
 * ```
 */
export async function initialState(
  source: GridSource,
  spec: GridModelSpec,
  time: Date | number,
): Promise<GridState> {
  const target = modelGrid(spec);
  const size = target.latitude.length * target.longitude.length;
  const regridders = new Map<string, BilinearRegridder | null>();
  const state: Record<string, Float32Array> = {};
  for (const t of spec.tensors) {
    const out = new Float32Array(sizeOf(tensorDims(spec, t)));
    let offset = 0;
    for (const variable of t.variables) {
      for (const level of t.levels ?? [undefined]) {
        const field = await source.readField({ variable, time, ...(level === undefined ? {} : { level }) });
        const key = `${field.latitude.length}x${field.longitude.length}:${field.latitude[0]}:${field.longitude[0]}`;
        if (!regridders.has(key))
          regridders.set(key, sameGrid(field, target) ? null : new BilinearRegridder(field, target));
        const regrid = regridders.get(key);
        out.set(regrid ? regrid.apply(field.data) : field.data, offset);
        offset += size;
      }
    }
    state[t.input] = out;
  }
  return state;
}
