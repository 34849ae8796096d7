import { InvalidArgumentError, isStrataError, parseUtcTime } from '@strata/core';
import {
  advance,
  defaultPeriod,
  fillMissing,
  series,
  seriesFromRows,
  type Frequency,
  type LongRow,
  type Series,
} from '@strata/timeseries';
import { FREQUENCIES, type ForecastRequest } from './schemas.js';

/** One input series, ready to forecast, or why it cannot be. */
export type InputSeries =
  | {
      readonly id: string;
      readonly series: Series;
      readonly frequency: Frequency | null;
      readonly error?: undefined;
    }
  | { readonly id: string; readonly series?: undefined; readonly error: { code: string; message: string } };

type Input = Pick<ForecastRequest, 'data' | 'series' | 'period' | 'missing'>;

/** The most series one request forecasts, as rows or as arrays (the schema caps `series` the same). */
export const MAX_REQUEST_SERIES = 10_000;

const failed = (id: string, err: unknown): InputSeries => {
  if (!isStrataError(err)) throw err;
  return { id, error: { code: err.code, message: err.message } };
};

/**
 * The request's series, one entry per input series in input order: a series that cannot be read
 * (irregular, a gap with `missing: error`) becomes an error entry, and the others go on.
 */
export function readInput(input: Input): { series: InputSeries[]; warnings: string[] } {
  const warnings: string[] = [];
  const options = { ...(input.period ? { period: input.period } : {}), missing: input.missing };
  if (input.data) {
    const groups = new Map<string, LongRow[]>();
    for (const row of input.data) {
      const g = groups.get(row.id);
      if (g) g.push(row);
      else if (groups.size === MAX_REQUEST_SERIES)
        throw new InvalidArgumentError(
          'body.data',
          `more than ${MAX_REQUEST_SERIES} series in one request: submit them as a job (POST /v1/forecast-jobs)`,
        );
      else groups.set(row.id, [row]);
    }
    const out = [...groups].map(([id, rows]): InputSeries => {
      try {
        const set = seriesFromRows(rows, options);
        warnings.push(...set.warnings);
        return { id, series: set.series[0]!, frequency: set.frequencies.get(id) ?? null };
      } catch (err) {
        return failed(id, err);
      }
    });
    return { series: out, warnings };
  }
  const out = (input.series ?? []).map((a): InputSeries => {
    const frequency = a.frequency ? FREQUENCIES[a.frequency]! : null;
    const period = input.period ?? a.period ?? (frequency ? defaultPeriod(frequency) : 1);
    try {
      if (a.start && frequency) {
        const start = parseUtcTime(a.start);
        const rows = a.values.map((value, i) => ({
          id: a.id,
          timestamp: advance(start, frequency, i),
          value,
        }));
        const read = readInput({ data: rows, period, missing: input.missing });
        warnings.push(...read.warnings); // its interpolations
        return read.series[0]!;
      }
      let s = series(
        a.id,
        a.values.map((v) => v ?? NaN),
        { period },
      );
      if (input.missing === 'interpolate') {
        const { series: filled, filled: n } = fillMissing(s);
        if (n) warnings.push(`series "${a.id}": interpolated ${n} missing value${n > 1 ? 's' : ''}`);
        s = filled;
      }
      return { id: a.id, series: s, frequency };
    } catch (err) {
      return failed(a.id, err);
    }
  });
  return { series: out, warnings };
}
