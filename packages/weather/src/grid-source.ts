import { InvalidArgumentError, sizeOf } from '@strata/core';
import { GridError } from './errors.js';
import { coordinateOf, normalise, roleOf, toHpa, type Normalisation } from './cf/axes.js';
import { checkAxes, checkCoordinates, type Axis } from './cf/grid-checks.js';
import { lookupVariable } from './cf/lookup.js';
import { decodeTimes, isTimeUnits, parseTimeUnits } from './cf/time.js';
import { isPlainCopy, packingOf, unpackInto, type Packing } from './cf/unpack.js';
import { levelIndex } from './level-index.js';
import type { RawDataset, RawVariable } from './sources/raw-dataset.js';

/** A regular or irregular latitude/longitude grid in the model convention: north to south, 0 to 360 east. */
export interface Grid {
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
}

/** A 2-D field on its grid: `data[row * longitude.length + col]`, NaN where missing. */
export interface GridField extends Grid {
  readonly variable: string;
  readonly units: string | null;
  /** Valid time, ms since 1970 UTC, when the file has a time axis. */
  readonly time: number | null;
  /** Pressure level in hPa, when the variable has levels. */
  readonly level: number | null;
  readonly data: Float32Array;
}

/** What a source says about one of its data variables. */
export interface GridVariable extends Grid {
  readonly name: string;
  readonly longName: string | null;
  readonly standardName: string | null;
  readonly units: string | null;
  /** Pressure levels in hPa, or null for a surface variable. */
  readonly levels: readonly number[] | null;
  /** Valid times (ms since 1970 UTC) of its time axis; null entries when the axis is not CF time (e.g. a month index). */
  readonly times: readonly (number | null)[];
}

/** Which field to read. */
export interface FieldRequest {
  /** Name, ERA5 short name, GRIB short name or CF standard name. */
  readonly variable: string;
  /** Index along the time axis (a whole number), or a valid time as a Date. @defaultValue the first */
  readonly time?: number | Date;
  /** Pressure level in hPa; required when the variable has several, refused when it has none. */
  readonly level?: number;
  /** Index along any other dimension (an ensemble `number`, say). @defaultValue 0 for each */
  readonly at?: Readonly<Record<string, number>>;
}

/**
 * A source of gridded fields: a NetCDF file opened for reading. Fields come out CF-decoded (packing
 * undone, missing values as NaN, times as UTC instants) and in the model convention, one field at a
 * time, without decoding the rest of the file.
 *
 * @example
 * ```ts
 * const source = await openGrid(bytes, 'era5.nc');
 * const t2m = await source.readField({ variable: '2t', time: new Date('2019-03-01T12:00Z') });
 * source.close();
 * ```
 */
export interface GridSource {
  /** A label for messages (the file name). */
  readonly name: string;
  /** `netcdf-classic`, `netcdf-64bit-offset`, `netcdf-cdf5` or `netcdf4`. */
  readonly format: string;
  /** The data variables (those with a latitude and a longitude dimension). */
  readonly variables: readonly GridVariable[];
  /** One variable's description; throws `VARIABLE_NOT_FOUND`. */
  describe(variable: string): GridVariable;
  /** Reads one field. Throws `VARIABLE_NOT_FOUND`, `LEVEL_NOT_FOUND` or `TIME_NOT_FOUND`. */
  readField(request: FieldRequest): Promise<GridField>;
  /** Releases the file. */
  close(): void;
}

interface Prepared {
  readonly info: GridVariable;
  readonly raw: RawVariable;
  readonly axes: readonly Axis[];
  readonly norm: Normalisation;
  /** CF packing and missing values, read once from the attributes. */
  readonly packing: Packing;
  /** The whole variable, once read, when it is small. */
  whole?: ArrayLike<number>;
}

/** Builds a {@link GridSource} over any raw NetCDF reader. */
export function cfGridSource(ds: RawDataset, name: string): GridSource {
  try {
    return buildSource(ds, name);
  } catch (err) {
    ds.close();
    throw err;
  }
}

function buildSource(ds: RawDataset, name: string): GridSource {
  const coordValues = new Map<string, number[]>();
  const coord = (dim: string): number[] => {
    let values = coordValues.get(dim);
    if (!values) {
      const c = coordinateOf(ds, dim);
      values = c ? Array.from(ds.readSlab(c.name, [0], [c.shape[0]!])) : [];
      coordValues.set(dim, values);
    }
    return values;
  };
  const timeValues = new Map<string, (number | null)[]>();
  const times = (axis: Axis): (number | null)[] => {
    const key = `${axis.dim}:${axis.size}`;
    let values = timeValues.get(key);
    if (!values) timeValues.set(key, (values = timesOf(ds, axis)));
    return values;
  };
  const prepared = new Map<string, Prepared>();
  for (const raw of ds.variables) {
    const axes = raw.dims.map((dim, i): Axis => ({ dim, role: roleOf(ds, dim), size: raw.shape[i]! }));
    checkAxes(raw.name, axes, name);
    const lat = axes.find((a) => a.role === 'latitude');
    const lon = axes.find((a) => a.role === 'longitude');
    if (!lat || !lon || coordinateOf(ds, raw.name)) continue;
    const level = axes.find((a) => a.role === 'level');
    checkCoordinates(raw.name, [lat, lon, level], { coord, source: name });
    const norm = normalise(coord(lat.dim), coord(lon.dim));
    const time = axes.find((a) => a.role === 'time') ?? axes.find((a) => a.role === 'other');
    const text = (k: string) =>
      typeof raw.attributes[k] === 'string' ? (raw.attributes[k] as string) : null;
    const info: GridVariable = {
      name: raw.name,
      longName: text('long_name'),
      standardName: text('standard_name'),
      units: text('units'),
      latitude: norm.latitude,
      longitude: norm.longitude,
      levels: level
        ? coord(level.dim).map((v) => v * toHpa(coordinateOf(ds, level.dim)?.attributes.units))
        : null,
      times: time ? times(time) : [],
    };
    prepared.set(raw.name, { info, raw, axes, norm, packing: packingOf(raw.attributes, raw.type) });
  }
  const variables = [...prepared.values()].map((p) => p.info);
  const raws = [...prepared.values()].map((p) => p.raw);
  const found = new Map<string, Prepared>();
  const find = (wanted: string): Prepared => {
    let p = found.get(wanted);
    if (!p) found.set(wanted, (p = prepared.get(lookupVariable(raws, wanted, name).name)!));
    return p;
  };
  return {
    name,
    format: ds.format,
    variables,
    describe: (variable) => find(variable).info,
    readField: async (request) => readField(ds, find(request.variable), request, name),
    close: () => ds.close(),
  };
}

function timesOf(ds: RawDataset, axis: Axis): (number | null)[] {
  const c = coordinateOf(ds, axis.dim);
  const units = c?.attributes.units;
  if (!c || axis.role !== 'time' || typeof units !== 'string' || !isTimeUnits(units))
    return Array<null>(axis.size).fill(null);
  const calendar = typeof c.attributes.calendar === 'string' ? c.attributes.calendar : 'standard';
  try {
    return decodeTimes(ds.readSlab(c.name, [0], [axis.size]), parseTimeUnits(units, calendar));
  } catch {
    // Times this reader cannot decode do not make the file unreadable: fields stay reachable by index.
    return Array<null>(axis.size).fill(null);
  }
}

function readField(ds: RawDataset, p: Prepared, request: FieldRequest, source: string): GridField {
  const { info, axes, norm } = p;
  const start: number[] = [];
  const count: number[] = [];
  const timeAxis = axes.find((a) => a.role === 'time') ?? axes.find((a) => a.role === 'other');
  // Asked of every variable: a level asked of one without levels is refused, not quietly left out.
  const level = levelIndex(info, request.level, source);
  for (const axis of axes) {
    if (axis.role === 'latitude' || axis.role === 'longitude') {
      start.push(0);
      count.push(axis.size);
      continue;
    }
    const explicit = request.at?.[axis.dim];
    let index: number;
    if (axis.role === 'level') index = level!;
    else if (explicit !== undefined) index = explicit;
    else if (axis === timeAxis) index = timeIndex(info, request.time, source);
    else index = 0;
    if (!Number.isInteger(index) || index < 0 || index >= axis.size) {
      const message = `${source}: index ${index} of "${axis.dim}" is not a whole number in 0..${axis.size - 1}`;
      const context = { source, variable: info.name, requested: index, available: axis.size };
      throw axis === timeAxis
        ? new GridError('TIME_NOT_FOUND', message, { context })
        : new InvalidArgumentError('at', message, { value: index });
    }
    start.push(index);
    count.push(1);
  }
  const values = slabOf(ds, p, start, count);
  // Strides of latitude and longitude in the slab (either may be the faster one).
  const spatial = axes.filter((a) => a.role === 'latitude' || a.role === 'longitude');
  const latStride = spatial[0]!.role === 'latitude' ? spatial[1]!.size : 1;
  const lonStride = spatial[0]!.role === 'longitude' ? spatial[1]!.size : 1;
  const layout = { rows: norm.rows, cols: norm.cols, latStride, lonStride };
  const n = norm.rows.length * norm.cols.length;
  // A float field read on its own that needs no unpacking is already the answer: no second copy.
  const own =
    values instanceof Float32Array &&
    values.length === n &&
    !(ArrayBuffer.isView(p.whole) && values.buffer === p.whole.buffer);
  let data: Float32Array;
  if (own && isPlainCopy(p.packing, layout)) data = values;
  else unpackInto(values, p.packing, layout, (data = new Float32Array(n)));
  const t = timeAxis ? (info.times[start[axes.indexOf(timeAxis)]!] ?? null) : null;
  const li = axes.findIndex((a) => a.role === 'level');
  return {
    variable: info.name,
    units: info.units,
    time: t,
    level: li >= 0 ? info.levels![start[li]!]! : null,
    latitude: info.latitude,
    longitude: info.longitude,
    data,
  };
}

/** Variables up to this many values are read whole on first use: small fields cost more per read than per value. */
const WHOLE_VARIABLE_LIMIT = 4_000_000;

/** The raw values of one field: a view into the cached whole variable when it is small, else one hyperslab read. */
function slabOf(
  ds: RawDataset,
  p: Prepared,
  start: readonly number[],
  count: readonly number[],
): ArrayLike<number> {
  const { raw, axes } = p;
  const spatialLast =
    axes.length >= 2 && axes.slice(-2).every((a) => a.role === 'latitude' || a.role === 'longitude');
  if (sizeOf(raw.shape) > WHOLE_VARIABLE_LIMIT || !spatialLast) return ds.readSlab(raw.name, start, count);
  p.whole ??= ds.readSlab(
    raw.name,
    raw.shape.map(() => 0),
    raw.shape,
  );
  let offset = 0;
  for (let i = 0; i < raw.shape.length; i++) offset += start[i]! * sizeOf(raw.shape.slice(i + 1));
  // Both readers return typed arrays for gridded (non-scalar) variables.
  return (p.whole as Float32Array).subarray(offset, offset + sizeOf(count));
}

function timeIndex(info: GridVariable, time: number | Date | undefined, source: string): number {
  if (time === undefined) return 0;
  if (typeof time === 'number') return time;
  const ms = time.getTime();
  if (Number.isNaN(ms)) {
    throw new GridError('TIME_NOT_FOUND', `${source}: the requested time is not a valid date`, {
      context: { source, variable: info.name, requested: String(time) },
    });
  }
  const i = info.times.indexOf(ms);
  if (i < 0) {
    const known = info.times.filter((t): t is number => t !== null);
    const range = known.length
      ? `${new Date(known[0]!).toISOString()} to ${new Date(known.at(-1)!).toISOString()}`
      : 'none';
    throw new GridError(
      'TIME_NOT_FOUND',
      `${source}: "${info.name}" has no field at ${time.toISOString()}; its times run ${range}`,
      {
        context: { source, variable: info.name, requested: time.toISOString(), available: range },
      },
    );
  }
  return i;
}
