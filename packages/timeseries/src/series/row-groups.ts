import { parseUtcTime } from '@strata/core';
import { SeriesError } from '../errors.js';

/** The most series one read takes by default: each costs a map entry and two arrays before it is read. */
export const MAX_SERIES = 5_000_000;

// A JavaScript date ends 8.64e15 ms from 1970 (±275,760 years); past it no timestamp can be named.
const MAX_TIME = 8.64e15;

/** A row's timestamp as ms since 1970 UTC; `SERIES_FORMAT` naming the series when it is none. */
export function parseTime(id: string, t: number | string): number {
  const ms = typeof t === 'number' ? t : parseUtcTime(t);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME)
    throw new SeriesError('SERIES_FORMAT', `series "${id}": "${t}" is not a timestamp`, {
      context: { series: id, at: String(t) },
    });
  return ms;
}

/** One series' rows as read, in file order. */
export interface RowGroup {
  readonly t: number[];
  readonly v: number[];
}

/**
 * Long-format rows grouped by series as they are read, each series' times and values kept as two
 * number arrays (16 bytes a row rather than an object a row), in order of first appearance. A read
 * with more than `maxSeries` series is refused with `SERIES_FORMAT` before it can fill the memory.
 */
export class RowGroups {
  private readonly groups = new Map<string, RowGroup>();

  constructor(private readonly maxSeries = MAX_SERIES) {}

  /** Adds a row; a null or NaN value is a missing one. */
  add(id: string, timestamp: number | string, value: number | null): void {
    let g = this.groups.get(id);
    if (!g) {
      if (this.groups.size >= this.maxSeries)
        throw new SeriesError(
          'SERIES_FORMAT',
          `more than ${this.maxSeries} series in one read: split the data, or raise maxSeries`,
        );
      this.groups.set(id, (g = { t: [], v: [] }));
    }
    g.t.push(parseTime(id, timestamp));
    g.v.push(value ?? NaN);
  }

  /** The series read so far. */
  get size(): number {
    return this.groups.size;
  }

  /** Each series' id and rows, in order of first appearance. */
  entries(): IterableIterator<[string, RowGroup]> {
    return this.groups.entries();
  }
}
