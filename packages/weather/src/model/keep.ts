import { InvalidArgumentError } from '@strata/core';
import { tensorDims, type GridModelSpec } from './grid-model.js';
import type { GridState } from './rollout.js';

/** What of a forecast to keep: variables (ERA5 short names) and pressure levels (hPa). @defaultValue all */
export interface KeepSpec {
  readonly variables?: readonly string[];
  readonly levels?: readonly number[];
}

/**
 * The layout of a forecast that keeps only some variables and levels: each tensor with the kept ones,
 * tensors with none left out. Throws `INVALID_ARGUMENT` naming a variable or level the model lacks.
 */
export function keptSpec(spec: GridModelSpec, keep: KeepSpec): GridModelSpec {
  const variables = new Set(spec.tensors.flatMap((t) => t.variables));
  const levels = new Set(spec.tensors.flatMap((t) => t.levels ?? []));
  const badVariable = keep.variables?.find((v) => !variables.has(v));
  if (badVariable !== undefined)
    throw new InvalidArgumentError(
      'keep.variables',
      `the model has no variable "${badVariable}"; it has ${[...variables].join(', ')}`,
    );
  const badLevel = keep.levels?.find((l) => !levels.has(l));
  if (badLevel !== undefined)
    throw new InvalidArgumentError(
      'keep.levels',
      `the model has no level ${badLevel} hPa; it has ${[...levels].join(', ') || 'none'}`,
    );
  const tensors = spec.tensors
    .map((t) => ({
      ...t,
      variables: t.variables.filter((v) => !keep.variables || keep.variables.includes(v)),
      ...(t.levels ? { levels: t.levels.filter((l) => !keep.levels || keep.levels.includes(l)) } : {}),
    }))
    .filter((t) => t.variables.length > 0 && (!t.levels || t.levels.length > 0));
  if (!tensors.length)
    throw new InvalidArgumentError('keep', 'keeping these variables and levels leaves nothing to write');
  return { ...spec, tensors };
}

/** The part of a state that a kept layout holds, tensor by tensor. */
export function keptState(spec: GridModelSpec, kept: GridModelSpec, state: GridState): GridState {
  const plane = spec.grid.latitudes * spec.grid.longitudes;
  return Object.fromEntries(
    kept.tensors.map((k) => {
      const t = spec.tensors.find((x) => x.input === k.input)!;
      const [, nLevels = 1] = t.levels ? tensorDims(spec, t) : [0, 1];
      const from = state[t.input]!;
      const out = new Float32Array(k.variables.length * (k.levels?.length ?? 1) * plane);
      let o = 0;
      for (const v of k.variables) {
        const vi = t.variables.indexOf(v);
        for (const l of k.levels ?? [null]) {
          const li = l === null ? 0 : t.levels!.indexOf(l);
          const start = (vi * nLevels + li) * plane;
          out.set(from.subarray(start, start + plane), o);
          o += plane;
        }
      }
      return [k.input, out];
    }),
  );
}
