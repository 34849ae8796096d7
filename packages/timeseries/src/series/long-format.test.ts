import { columnsToTable, isStrataError, tableToArrowBytes } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { defaultPeriod, inferFrequency } from './frequency.js';
import { readLongArrow } from './long-arrow.js';
import { readLongCsv } from './long-csv.js';
import { fillMissing, seriesFromRows } from './long-format.js';
import { series } from './series.js';

describe('long-format series', () => {
  it('groups, sorts and reads monthly, hourly and daily series with their seasonal periods', () => {
    const csv = [
      'unique_id,ds,y',
      'b,2024-01-01T02:00:00Z,3',
      'a,2024-02-01,20',
      'b,2024-01-01T00:00:00Z,1',
      'a,2024-01-01,10',
      'b,2024-01-01T01:00:00Z,2',
      'a,2024-03-01,30',
    ].join('\n');
    const { series, frequencies, warnings } = readLongCsv(csv);
    expect(series.map((s) => [s.id, Array.from(s.values), s.period])).toEqual([
      ['b', [1, 2, 3], 24],
      ['a', [10, 20, 30], 12],
    ]);
    expect(frequencies.get('a')).toEqual({ kind: 'months', months: 1 });
    expect(warnings).toEqual([]);
    expect(defaultPeriod(inferFrequency([0, 86_400_000])!)).toBe(7);
    expect(defaultPeriod({ kind: 'months', months: 3 })).toBe(4);
  });

  it('refuses a missing value or a gap by default, naming the series and the timestamp', () => {
    const gap = ['id,timestamp,value', 'x,2024-01-01,1', 'x,2024-01-02,', 'x,2024-01-03,3'].join('\n');
    expect(() => readLongCsv(gap)).toThrow(
      expect.objectContaining({
        code: 'SERIES_MISSING_VALUE',
        message: expect.stringContaining('series "x" has no value at 2024-01-02T00:00:00.000Z') as string,
      }) as Error,
    );
    const hole = [
      { id: 'x', timestamp: '2024-01-01', value: 1 },
      { id: 'x', timestamp: '2024-01-02', value: 2 },
      { id: 'x', timestamp: '2024-01-05', value: 5 },
    ];
    const { series, warnings } = seriesFromRows(hole, { missing: 'interpolate' });
    expect(Array.from(series[0]!.values)).toEqual([1, 2, 3, 4, 5]);
    expect(warnings).toEqual([
      'series "x": interpolated 2 missing values, first at 2024-01-03T00:00:00.000Z',
    ]);
  });

  it('refuses irregular timestamps, duplicates and columns it cannot find', () => {
    const rows = [
      { id: 'x', timestamp: '2024-01-01T00:00:00Z', value: 1 },
      { id: 'x', timestamp: '2024-01-01T01:00:00Z', value: 2 },
      { id: 'x', timestamp: '2024-01-01T02:30:00Z', value: 3 },
    ];
    expect(() => seriesFromRows(rows)).toThrow(
      /series "x" is irregular: 2024-01-01T02:30:00.000Z is not on its 1 h grid/,
    );
    expect(() => seriesFromRows([rows[0]!, rows[0]!])).toThrow(/two values at/);
    try {
      readLongCsv('when,amount\n2024-01-01,1');
      expect.unreachable();
    } catch (err) {
      expect(isStrataError(err, 'COLUMN_NOT_FOUND')).toBe(true);
      expect((err as Error).message).toBe('no id column: the columns are when, amount');
    }
  });
});

describe('long-format Arrow', () => {
  it('reads the same series as the rows it holds', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2024, 0, 1);
    const bytes = tableToArrowBytes(
      columnsToTable({
        unique_id: ['a', 'a', 'b', 'a', 'b'],
        ds: [t0, t0 + day, t0, t0 + 2 * day, t0 + day],
        y: [1, 2, 10, null, 20],
      }),
    );
    expect(() => readLongArrow(bytes)).toThrow(/series "a" has no value at 2024-01-03/);
    const { series } = readLongArrow(bytes, { missing: 'interpolate' });
    expect(series.map((s) => [s.id, Array.from(s.values), s.period])).toEqual([
      ['a', [1, 2, 2], 7],
      ['b', [10, 20], 7],
    ]);
  });
});

describe('fillMissing', () => {
  it('fills runs linearly, the ends from the nearest value, and counts them', () => {
    const { series: s, filled } = fillMissing(series('a', [NaN, 1, NaN, NaN, 4, NaN], { period: 2 }));
    expect(Array.from(s.values)).toEqual([1, 1, 2, 3, 4, 4]);
    expect(filled).toBe(4);
    expect(s.period).toBe(2);
    expect(() => fillMissing(series('b', [NaN, NaN]))).toThrow(/series "b" has no values at all/);
  });
});

describe("seriesFromRows with invalidSeries: 'report'", () => {
  it('reads the good series and lists the bad ones with their reasons', () => {
    const day = 86_400_000;
    const rows = [
      ...[0, 1, 2, 3].map((d) => ({ id: 'good', timestamp: d * day, value: d })),
      { id: 'lonely', timestamp: 0, value: 1 },
      ...[0, 1, 2.5].map((d) => ({ id: 'odd', timestamp: d * day, value: d })),
    ];
    expect(() => seriesFromRows(rows)).toThrow(/lonely/);
    const set = seriesFromRows(rows, { invalidSeries: 'report' });
    expect(set.series.map((s) => s.id)).toEqual(['good']);
    expect(set.failed.map((f) => [f.id, f.code])).toEqual([
      ['lonely', 'SERIES_TOO_SHORT'],
      ['odd', 'SERIES_IRREGULAR'],
    ]);
  });
});
