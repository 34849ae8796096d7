import { parseUtcTime } from '@strata/core';
import { SeriesError } from '../errors.js';
import { advance, defaultPeriod, frequencyName, inferFrequency, type Frequency } from './frequency.js';
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

function parseTime(id: string, t: number | string): number {
  const ms = typeof t === 'number' ? t : parseUtcTime(t);
  if (!Number.isFinite(ms))
    throw new SeriesError('SERIES_FORMAT', `series "${id}": "${t}" is not a timestamp`, {
      context: { series: id, at: String(t) },
    });
  return ms;
}

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
  const groups = new Map<string, { t: number; v: number }[]>();
  for (const r of rows) {
    let g = groups.get(r.id);
    if (!g) groups.set(r.id, (g = []));
    g.push({ t: parseTime(r.id, r.timestamp), v: r.value ?? NaN });
  }
  const out: Series[] = [];
  const frequencies = new Map<string, Frequency>();
  const warnings: string[] = [];
  const failed: SeriesSet['failed'] = [];
  for (const [id, points] of groups) {
    try {
      const read = readOne(id, points, options);
      if (read.warning) warnings.push(read.warning);
      frequencies.set(id, read.frequency);
      out.push(read.series);
    } catch (err) {
      if (options.invalidSeries !== 'report' || !(err instanceof SeriesError)) throw err;
      failed.push({ id, code: err.code, message: err.message });
    }
  }
  return { series: out, frequencies, warnings, failed };
}

/** One series from its points: on its frequency's grid, gaps refused or interpolated. */
function readOne(
  id: string,
  points: { t: number; v: number }[],
  options: SeriesFromRowsOptions,
): { series: Series; frequency: Frequency; warning?: string } {
  points.sort((a, b) => a.t - b.t);
  for (let i = 1; i < points.length; i++)
    if (points[i]!.t === points[i - 1]!.t)
      throw new SeriesError('SERIES_FORMAT', `series "${id}" has two values at ${iso(points[i]!.t)}`, {
        context: { series: id, at: iso(points[i]!.t) },
      });
  const freq = inferFrequency(points.map((p) => p.t));
  if (!freq)
    throw new SeriesError(
      'SERIES_TOO_SHORT',
      `series "${id}" has ${points.length} value: a series needs two`,
      {
        context: { series: id },
      },
    );
  // Lay the points on the regular grid the frequency implies; a point off it is an irregular timestamp.
  const values: number[] = [];
  const times: number[] = [];
  let next = points[0]!.t;
  for (const p of points) {
    while (next < p.t) {
      times.push(next);
      values.push(NaN);
      next = advance(next, freq, 1);
    }
    if (next !== p.t)
      throw new SeriesError(
        'SERIES_IRREGULAR',
        `series "${id}" is irregular: ${iso(p.t)} is not on its ${frequencyName(freq)} grid (expected ${iso(next)})`,
        { context: { series: id, at: iso(p.t) } },
      );
    times.push(p.t);
    values.push(p.v);
    next = advance(p.t, freq, 1);
  }
  const gaps = values.flatMap((v, i) => (Number.isFinite(v) ? [] : [i]));
  if (gaps.length) {
    if ((options.missing ?? 'error') === 'error')
      throw new SeriesError(
        'SERIES_MISSING_VALUE',
        `series "${id}" has no value at ${iso(times[gaps[0]!]!)}${gaps.length > 1 ? ` (and ${gaps.length - 1} more)` : ''}: fill it, or read with missing: 'interpolate'`,
        { context: { series: id, at: iso(times[gaps[0]!]!) } },
      );
    interpolate(id, values, times);
  }
  return {
    series: {
      id,
      values: Float64Array.from(values),
      period: options.period ?? defaultPeriod(freq),
      timestamps: Float64Array.from(times),
    },
    frequency: freq,
    ...(gaps.length
      ? {
          warning: `series "${id}": interpolated ${gaps.length} missing value${gaps.length > 1 ? 's' : ''}, first at ${iso(times[gaps[0]!]!)}`,
        }
      : {}),
  };
}

/** Fills NaN runs linearly between their neighbours; runs at either end take the nearest value. */
function interpolate(id: string, v: number[], times: number[]): void {
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
