import type { AttributeValue, RawDataset, RawVariable } from '../sources/raw-dataset.js';
import { isTimeUnits } from './time.js';

/** The role a dimension plays for a gridded variable. */
export type AxisRole = 'latitude' | 'longitude' | 'level' | 'time' | 'other';

const LAT_UNITS = /^degrees?_?n(orth)?$/i;
const LON_UNITS = /^degrees?_?e(ast)?$/i;
const PRESSURE_UNITS: Readonly<Record<string, number>> = {
  hpa: 1,
  millibars: 1,
  millibar: 1,
  mbar: 1,
  mb: 1,
  pa: 0.01,
};

/** The coordinate variable of a dimension (same name, one dimension), if the file has one. */
export function coordinateOf(ds: RawDataset, dim: string): RawVariable | undefined {
  return ds.variables.find((v) => v.name === dim && v.dims.length === 1 && v.dims[0] === dim);
}

const text = (v: AttributeValue | undefined) => (typeof v === 'string' ? v.trim() : '');

/** Decides what a dimension is, from its coordinate variable's CF attributes and, failing those, its name. */
export function roleOf(ds: RawDataset, dim: string): AxisRole {
  const coord = coordinateOf(ds, dim);
  const a = coord?.attributes ?? {};
  const units = text(a.units);
  const standard = text(a.standard_name).toLowerCase();
  const axis = text(a.axis).toUpperCase();
  const name = dim.toLowerCase();
  if (
    standard === 'latitude' ||
    LAT_UNITS.test(units) ||
    axis === 'Y' ||
    name === 'lat' ||
    name === 'latitude'
  )
    return 'latitude';
  if (
    standard === 'longitude' ||
    LON_UNITS.test(units) ||
    axis === 'X' ||
    name === 'lon' ||
    name === 'longitude'
  )
    return 'longitude';
  if (standard === 'time' || isTimeUnits(units) || axis === 'T') return 'time';
  if (
    standard === 'air_pressure' ||
    PRESSURE_UNITS[units.toLowerCase()] !== undefined ||
    axis === 'Z' ||
    ['level', 'levels', 'lev', 'plev', 'pressure_level', 'isobaricinhpa'].includes(name)
  ) {
    return 'level';
  }
  return 'other';
}

/** Factor from a level coordinate's units to hPa (1 when unknown). */
export function toHpa(units: AttributeValue | undefined): number {
  return PRESSURE_UNITS[text(units).toLowerCase()] ?? 1;
}

/**
 * How to put a source's rows and columns in the model convention: latitude from north to south,
 * longitude in [0, 360) ascending. `rows[i]` and `cols[j]` are the source indices of output row i and
 * column j.
 */
export interface Normalisation {
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
}

/** The permutation that brings latitudes and longitudes into the model convention. */
export function normalise(latitude: ArrayLike<number>, longitude: ArrayLike<number>): Normalisation {
  const rows = Int32Array.from({ length: latitude.length }, (_, i) => i).sort(
    (a, b) => latitude[b]! - latitude[a]!,
  );
  const wrapped = Float64Array.from(longitude, (x) => ((x % 360) + 360) % 360);
  const cols = Int32Array.from({ length: wrapped.length }, (_, i) => i).sort(
    (a, b) => wrapped[a]! - wrapped[b]!,
  );
  return {
    latitude: Float64Array.from(rows, (i) => latitude[i]!),
    longitude: Float64Array.from(cols, (i) => wrapped[i]!),
    rows,
    cols,
  };
}
