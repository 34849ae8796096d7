import { GridError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  seconds: 1000,
  sec: 1000,
  secs: 1000,
  s: 1000,
  minute: 60_000,
  minutes: 60_000,
  min: 60_000,
  mins: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  h: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
  d: 86_400_000,
  // UDUNITS' calendar-free month and year (CF discourages them, but files use them).
  month: (365.242198781 / 12) * 86_400_000,
  months: (365.242198781 / 12) * 86_400_000,
  year: 365.242198781 * 86_400_000,
  years: 365.242198781 * 86_400_000,
};

/** Midnight UTC of a proleptic Gregorian date, for any year (Date.UTC maps years 0-99 to 1900-1999). */
function utcDate(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getTime();
}

/** CF calendars Strata decodes. `standard` and `gregorian` are taken as proleptic Gregorian. */
export type Calendar = 'proleptic_gregorian' | 'noleap' | 'all_leap' | '360_day' | 'julian';

const CALENDARS: Readonly<Record<string, Calendar>> = {
  standard: 'proleptic_gregorian',
  gregorian: 'proleptic_gregorian',
  proleptic_gregorian: 'proleptic_gregorian',
  noleap: 'noleap',
  '365_day': 'noleap',
  all_leap: 'all_leap',
  '366_day': 'all_leap',
  '360_day': '360_day',
  julian: 'julian',
};

/** Parsed `<unit> since <reference>` with its calendar. */
export interface TimeUnits {
  readonly unitMs: number;
  readonly calendar: Calendar;
  /** The reference date's fields in its calendar. */
  readonly reference: { y: number; m: number; d: number; ms: number };
}

/** True when `units` reads as CF time units (`hours since 1900-01-01`). */
export function isTimeUnits(units: unknown): boolean {
  return typeof units === 'string' && /^\s*\w+\s+since\s+/i.test(units);
}

/**
 * Parses CF time units and calendar. Throws `GRID_UNSUPPORTED` naming the units or calendar when they
 * cannot be read.
 */
export function parseTimeUnits(units: string, calendar = 'standard'): TimeUnits {
  const m =
    /^\s*(\w+)\s+since\s+(-?\d{1,4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?\s*(?:Z|UTC|GMT|\+0+:?0*)?\s*$/i.exec(
      units,
    );
  const unitMs = m ? UNIT_MS[m[1]!.toLowerCase()] : undefined;
  if (!m || unitMs === undefined) {
    throw new GridError(
      'GRID_UNSUPPORTED',
      `cannot read the time units "${units}"; expected "<seconds|minutes|hours|days> since <date>"`,
      {
        context: { requested: units },
      },
    );
  }
  const cal = CALENDARS[calendar.toLowerCase()];
  if (!cal) {
    throw new GridError(
      'GRID_UNSUPPORTED',
      `calendar "${calendar}" is not supported; supported: ${Object.keys(CALENDARS).join(', ')}`,
      {
        context: { requested: calendar, available: Object.keys(CALENDARS) },
      },
    );
  }
  const ms = (Number(m[5] ?? 0) * 3600 + Number(m[6] ?? 0) * 60 + Number(m[7] ?? 0)) * 1000;
  const reference = { y: Number(m[2]), m: Number(m[3]), d: Number(m[4]), ms };
  const mixed = ['standard', 'gregorian'].includes(calendar.toLowerCase());
  if (mixed && utcDate(reference.y, reference.m, reference.d) < Date.UTC(1582, 9, 15)) {
    // CF's standard calendar switches from Julian to Gregorian in October 1582; only later references are read.
    throw new GridError(
      'GRID_UNSUPPORTED',
      `the reference date of "${units}" is before 1582-10-15 in the mixed ${calendar} calendar; Strata reads it only as proleptic_gregorian`,
      {
        context: { requested: units },
      },
    );
  }
  return { unitMs, calendar: cal, reference };
}

/**
 * Converts CF time values to UTC instants (ms since 1970). Dates of the non-standard calendars are
 * mapped to the UTC instant with the same year, month, day and time, as cftime does when it converts to
 * real dates; a date that does not exist in the real calendar (30 February in `360_day`) is an error.
 */
export function decodeTimes(values: ArrayLike<number>, units: TimeUnits): number[] {
  const { calendar, reference: r, unitMs } = units;
  const out: number[] = [];
  if (calendar === 'proleptic_gregorian') {
    const base = utcDate(r.y, r.m, r.d) + r.ms;
    for (let i = 0; i < values.length; i++) out.push(base + Math.round(values[i]! * unitMs));
    return out;
  }
  const refDay = dayNumber(calendar, r.y, r.m, r.d);
  for (let i = 0; i < values.length; i++) {
    const totalMs = r.ms + Math.round(values[i]! * unitMs);
    const days = Math.floor(totalMs / 86_400_000);
    const { y, m, d } = fromDayNumber(calendar, refDay + days);
    const utc = calendar === 'julian' ? julianToGregorianUtc(y, m, d) : utcDate(y, m, d);
    if (calendar !== 'julian' && new Date(utc).getUTCDate() !== d) {
      throw new GridError('GRID_UNSUPPORTED', `${y}-${m}-${d} of calendar ${calendar} is not a real date`, {
        context: { requested: `${y}-${m}-${d}` },
      });
    }
    out.push(utc + (totalMs - days * 86_400_000));
  }
  return out;
}

function monthLengths(calendar: Calendar, y: number): number[] {
  if (calendar === '360_day') return Array<number>(12).fill(30);
  const leap = calendar === 'all_leap' || (calendar === 'julian' && y % 4 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
}

function yearLength(calendar: Calendar, y: number): number {
  return monthLengths(calendar, y).reduce((a, b) => a + b, 0);
}

/** Days from 0001-01-01 of the calendar to y-m-d (years may be negative). */
function dayNumber(calendar: Calendar, y: number, m: number, d: number): number {
  const years = y - 1;
  let days = calendar === 'julian' ? years * 365 + Math.floor(years / 4) : years * yearLength(calendar, 1);
  const months = monthLengths(calendar, y);
  for (let i = 0; i < m - 1; i++) days += months[i]!;
  return days + d - 1;
}

function fromDayNumber(calendar: Calendar, day: number): { y: number; m: number; d: number } {
  let y: number;
  if (calendar === 'julian') {
    y = Math.floor((day * 4) / 1461) + 1;
    while (dayNumber(calendar, y, 1, 1) > day) y--;
    while (dayNumber(calendar, y + 1, 1, 1) <= day) y++;
  } else {
    y = Math.floor(day / yearLength(calendar, 1)) + 1;
  }
  let rest = day - dayNumber(calendar, y, 1, 1);
  const months = monthLengths(calendar, y);
  let m = 0;
  while (rest >= months[m]!) rest -= months[m++]!;
  return { y, m: m + 1, d: rest + 1 };
}

/** The UTC instant of a Julian-calendar date, through the Julian day number. */
function julianToGregorianUtc(y: number, m: number, d: number): number {
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  const jdn = d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - 32083;
  return (jdn - 2440588) * 86_400_000; // JDN 2440588 is 1970-01-01
}
