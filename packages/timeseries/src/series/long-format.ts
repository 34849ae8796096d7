import { SeriesError } from '../errors.js';
import { defaultPeriod, type Frequency } from './frequency.js';
import { layOnGrid } from './grid.js';
import { RowGroups, type RowGroup } from './row-groups.js';
import type { Series } from './series.js';

/** A row of long-format data: which series, when, and the value (null or NaN when missing). */
export interface LongRow {
  readonly id: string;
  /** ms since 1970 UTC, or an ISO 8601 string. */
  readonly timestamp: number | string;
  readonly value: number | null;
}

/** Options of {@link seriesFromRows}. */
export interface SeriesFromRowsOptions {
  /** The seasonal period of every series. @defaultValue from the frequency (12 for monthly, 24 for hourly, ...) */
  readonly period?: number;
  /**
   * What to do with a missing value, or a missing timestamp inside a series: `error` names the series
   * and the timestamp; `interpolate` fills it linearly and says so in `warnings`. @defaultValue `'error'`
   */
  readonly missing?: 'error' | 'interpolate';
  /**
   * A series that cannot be read (irregular, too short, a gap with `missing: 'error'`): `throw` stops
   * the read; `report` lists it in `failed` with its reason and reads the others. @defaultValue `'throw'`
   */
  readonly invalidSeries?: 'throw' | 'report';
  /** The most series a read takes; more is a `SERIES_FORMAT` error. @defaultValue `5_000_000` */
  readonly maxSeries?: number;
}

/** Series read from long-format rows, and what was done to them. */
export interface SeriesSet {
  readonly series: Series[];
  /** The frequency of each series, by id. */
  readonly frequencies: ReadonlyMap<string, Frequency>;
  /** Interpolations made, one line per series. */
  readonly warnings: string[];
  /** Series left out with `invalidSeries: 'report'`, with why (empty otherwise). */
  readonly failed: { readonly id: string; readonly code: string; readonly message: string }[];
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Builds series from long-format rows (`id, timestamp, value`, as statsforecast's `unique_id, ds, y`):
 * grouped by id in order of first appearance, sorted by time, checked for a regular frequency (an
 * irregular timestamp is an error naming the series and the timestamp), with gaps and missing values
 * either refused or interpolated and reported: never dropped silently.
 *
 * @example
 * ```ts
 * const { series, warnings } = seriesFromRows(rows, { missing: 'interpolate' });
 * ```
 */
export function seriesFromRows(rows: Iterable<LongRow>, options: SeriesFromRowsOptions = {}): SeriesSet {
  const groups = new RowGroups(options.maxSeries);
  for (const r of rows) groups.add(r.id, r.timestamp, r.value);
  return seriesFromGroups(groups, options);
}

/** The series of rows already grouped (see {@link seriesFromRows}, which the readers share). */
export function seriesFromGroups(groups: RowGroups, options: SeriesFromRowsOptions = {}): SeriesSet {
  const out: Series[] = [];
  const frequencies = new Map<string, Frequency>();
  const warnings: string[] = [];
  const failed: SeriesSet['failed'] = [];
  const report = options.invalidSeries === 'report';
  for (const [id, rows] of groups.entries()) {
    // Millions of one-row series are refused without building an error (and its stack) for each.
    if (report && rows.t.length < 2) {
      const message = `series "${id}" has ${rows.t.length} value: a series needs two`;
      failed.push({ id, code: 'SERIES_TOO_SHORT', message });
      continue;
    }
    try {
      const read = readOne(id, rows, options);
      if (read.warning) warnings.push(read.warning);
      frequencies.set(id, read.frequency);
      out.push(read.series);
    } catch (err) {
      if (!report || !(err instanceof SeriesError)) throw err;
      failed.push({ id, code: err.code, message: err.message });
    }
  }
  return { series: out, frequencies, warnings, failed };
}

/** One series from its rows: on its frequency's grid, gaps refused or interpolated. */
function readOne(
  id: string,
  rows: RowGroup,
  options: SeriesFromRowsOptions,
): { series: Series; frequency: Frequency; warning?: string } {
  const { values, times, frequency } = layOnGrid(id, rows, options.missing ?? 'error');
  const gaps: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) gaps.push(i);
  if (gaps.length) interpolate(id, values, times);
  return {
    series: { id, values, period: options.period ?? defaultPeriod(frequency), timestamps: times },
    frequency,
    ...(gaps.length
      ? {
          warning: `series "${id}": interpolated ${gaps.length} missing value${gaps.length > 1 ? 's' : ''}, first at ${iso(times[gaps[0]!]!)}`,
        }
      : {}),
  };
}

/** Fills NaN runs linearly between their neighbours; runs at either end take the nearest value. */
function interpolate(id: string, v: Float64Array, times: Float64Array): void {
  if (!v.some(Number.isFinite))
    throw new SeriesError('SERIES_MISSING_VALUE', `series "${id}" has no values at all`, {
      context: { series: id, at: iso(times[0]!) },
    });
  fillLinear(v);
}

/** Fills NaN runs linearly between their neighbours (the ends take the nearest value); v has a value. */
function fillLinear(v: number[] | Float64Array): void {
  const known: number[] = [];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) known.push(i);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i]!)) continue;
    while (k < known.length && known[k]! < i) k++;
    const after = known[k];
    const before = known[k - 1];
    if (before === undefined) v[i] = v[after!]!;
    else if (after === undefined) v[i] = v[before]!;
    else v[i] = v[before]! + ((v[after]! - v[before]!) * (i - before)) / (after - before);
  }
}

/**
 * A series with its missing (non-finite) values filled linearly between their neighbours, and how
 * many were filled; for values without timestamps (long-format rows interpolate as they are read).
 * Throws `SERIES_MISSING_VALUE` when the series has no value at all.
 *
 * @example
 * ```ts
 * const { series: filled, filled: n } = fillMissing(series('a', [1, NaN, 3])); // values 1, 2, 3; n = 1
 * ```
 */
export function fillMissing(s: Series): { series: Series; filled: number } {
  const values = Float64Array.from(s.values);
  const filled = values.reduce((n, x) => (Number.isFinite(x) ? n : n + 1), 0);
  if (filled === values.length)
    throw new SeriesError('SERIES_MISSING_VALUE', `series "${s.id}" has no values at all`, {
      context: { series: s.id },
    });
  if (filled) fillLinear(values);
  return { series: { ...s, values }, filled };
}
