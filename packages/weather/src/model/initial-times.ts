import { isStrataError } from '@strata/core';
import type { GridSource, GridVariable } from '../grid-source.js';
import { levelIndex } from '../level-index.js';
import type { GridModelSpec } from './grid-model.js';

/** The valid times a model can start from in a source, and why there are none when there are none. */
export interface InitialTimes {
  /** Valid times (ms since 1970 UTC), ascending, at which the source has every field the model starts from. */
  readonly times: readonly number[];
  /** Why `times` is empty (the first field the source lacks), else null. */
  readonly reason: string | null;
}

/**
 * The valid times at which `source` holds every variable and level of every tensor `spec` starts
 * from: the times {@link initialState} can build a state at, found from the source's description
 * alone (no field is read). A variable it lacks, a level it lacks or a time axis without valid times
 * leaves none, with the reason.
 *
 * @example
 * ```ts
 * const { times, reason } = initialTimes(await openGridFile('era5.nc'), spec);
 * const init = times.length ? new Date(times[0]!) : null; // else `reason` says what the file lacks
 * ```
 */
export function initialTimes(source: GridSource, spec: GridModelSpec): InitialTimes {
  let usable: Set<number> | null = null;
  for (const t of spec.tensors)
    for (const variable of t.variables) {
      let info: GridVariable;
      try {
        info = source.describe(variable);
        // Each level found as readField finds it, so a time offered here is one initialState reads.
        for (const level of t.levels ?? [undefined]) levelIndex(info, level, source.name);
      } catch (err) {
        if (isStrataError(err, 'VARIABLE_NOT_FOUND', 'LEVEL_NOT_FOUND'))
          return { times: [], reason: err.message };
        throw err;
      }
      const times = info.times.filter((x): x is number => x !== null);
      usable = new Set(usable ? times.filter((x) => usable!.has(x)) : times);
      if (!usable.size)
        return {
          times: [],
          reason: times.length
            ? `${source.name}: no valid time has every variable the model starts from`
            : `${source.name}: "${info.name}" has no valid times (no CF time axis)`,
        };
    }
  return { times: [...(usable ?? [])].sort((a, b) => a - b), reason: null };
}
