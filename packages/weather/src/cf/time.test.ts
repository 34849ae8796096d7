import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { packingOf, unpacker } from './unpack.js';
import { decodeTimes, parseTimeUnits } from './time.js';

const iso = (values: number[], units: string, calendar?: string) =>
  decodeTimes(values, parseTimeUnits(units, calendar)).map((t) => new Date(t).toISOString());

describe('CF packing', () => {
  it('compares missing values as the data type holds them (a double -99.9 on float data)', () => {
    const unpack = unpacker(packingOf({ missing_value: -99.9 }, 'float32'));
    expect(unpack(Math.fround(-99.9))).toBeNaN();
    expect(unpack(Math.fround(-99.8))).toBeCloseTo(-99.8, 4);
    expect(unpacker(packingOf({ scale_factor: 2, add_offset: 1, valid_range: [0, 10] }))(11)).toBeNaN();
  });
});

describe('CF time decoding', () => {
  it('reads the ERA5 layouts: hours since 1900, seconds since 1970', () => {
    expect(iso([1043136, 1043137], 'hours since 1900-01-01 00:00:00.0', 'gregorian')).toEqual([
      '2019-01-01T00:00:00.000Z',
      '2019-01-01T01:00:00.000Z',
    ]);
    expect(iso([1551398400], 'seconds since 1970-01-01', 'proleptic_gregorian')).toEqual([
      '2019-03-01T00:00:00.000Z',
    ]);
  });

  it('accepts singular units, fractional values and a reference time of day', () => {
    expect(iso([18328.5], 'hour since 1980-01-14 14:00:00')).toEqual(['1982-02-16T06:30:00.000Z']);
    expect(iso([1.5], 'days since 2000-01-01T00:00:00Z')).toEqual(['2000-01-02T12:00:00.000Z']);
    expect(iso([90], 'minutes since 2000-01-01 00:00 UTC')).toEqual(['2000-01-01T01:30:00.000Z']);
  });

  it('counts days in the noleap, all_leap, 360_day and julian calendars', () => {
    expect(iso([59, 365], 'days since 2000-01-01', 'noleap')).toEqual([
      '2000-03-01T00:00:00.000Z',
      '2001-01-01T00:00:00.000Z',
    ]);
    expect(iso([60, 366], 'days since 2001-01-01', '366_day')).toEqual([
      '2001-03-01T00:00:00.000Z',
      '2002-01-01T00:00:00.000Z',
    ]);
    expect(iso([30, 360], 'days since 2000-01-01', '360_day')).toEqual([
      '2000-02-01T00:00:00.000Z',
      '2001-01-01T00:00:00.000Z',
    ]);
    // 1 January 1900 Julian is 13 January 1900 Gregorian; 1900 is a Julian leap year.
    expect(iso([0, 59], 'days since 1900-01-01', 'julian')).toEqual([
      '1900-01-13T00:00:00.000Z',
      '1900-03-13T00:00:00.000Z',
    ]);
  });

  it('reads reference years before 100 and UDUNITS months, and refuses mixed-calendar references before 1582', () => {
    expect(iso([17_522_856], 'hours since 1-1-1 00:00:0.0', 'proleptic_gregorian')).toEqual([
      '2000-01-01T00:00:00.000Z',
    ]);
    expect(iso([12], 'months since 2000-01-01', 'proleptic_gregorian')).toEqual(['2000-12-31T05:48:45.975Z']);
    expect(() => parseTimeUnits('hours since 1-1-1 00:00:0.0', 'standard')).toThrow(
      /before 1582-10-15 in the mixed standard calendar/,
    );
  });

  it('refuses units and calendars it cannot read, and dates that do not exist', () => {
    expect(() => parseTimeUnits('fortnights since 2000-01-01')).toThrow(
      /cannot read the time units "fortnights since 2000-01-01"/,
    );
    expect(() => parseTimeUnits('days since 2000-01-01', 'martian')).toThrow(
      /calendar "martian" is not supported/,
    );
    try {
      iso([59], 'days since 2001-01-01', '360_day');
    } catch (err) {
      expect(
        isStrataError(err, 'GRID_UNSUPPORTED') &&
          /2001-2-30 of calendar 360_day is not a real date/.test((err as Error).message),
      ).toBe(true);
      return;
    }
    throw new Error('expected 30 February to be refused');
  });
});
