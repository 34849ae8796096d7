import { GridError } from '../errors.js';
import type { RawVariable } from '../sources/raw-dataset.js';

/** ERA5 / GRIB short names and the names ERA5 NetCDF files give the same variables. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  '2t': ['t2m'],
  t2m: ['2t'],
  '10u': ['u10'],
  u10: ['10u'],
  '10v': ['v10'],
  v10: ['10v'],
  '2d': ['d2m'],
  d2m: ['2d'],
  msl: ['msl', 'mslp'],
  z: ['z', 'geopotential'],
};

/**
 * Finds a data variable by its name, ERA5 short name (`2t` finds `t2m`), `GRIB_shortName` or CF
 * `standard_name`, in that order; names compare case-insensitively. Throws `VARIABLE_NOT_FOUND`
 * listing what the file has.
 */
export function lookupVariable(
  variables: readonly RawVariable[],
  wanted: string,
  source: string,
): RawVariable {
  const w = wanted.toLowerCase();
  const names = [w, ...(ALIASES[w] ?? [])];
  const byName =
    variables.find((v) => v.name === wanted) ?? variables.find((v) => names.includes(v.name.toLowerCase()));
  if (byName) return byName;
  const byShort = variables.find(
    (v) =>
      typeof v.attributes.GRIB_shortName === 'string' &&
      names.includes(v.attributes.GRIB_shortName.toLowerCase()),
  );
  if (byShort) return byShort;
  const byStandard = variables.filter(
    (v) => typeof v.attributes.standard_name === 'string' && v.attributes.standard_name.toLowerCase() === w,
  );
  if (byStandard.length === 1) return byStandard[0]!;
  const available = variables.map((v) => v.name);
  throw new GridError(
    'VARIABLE_NOT_FOUND',
    `${source} has no variable "${wanted}"; it has ${available.join(', ')}`,
    {
      context: { source, variable: wanted, available },
    },
  );
}
