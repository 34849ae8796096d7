import { typedColumnsToTable } from '@strata/core';
import type { SeriesForecast } from '../pool/forecast-pool.js';
import { advance, type Frequency } from '../series/frequency.js';
import type { Series } from '../series/series.js';

/**
 * Forecasts in long format, one row per series and step: id, step, timestamp (ms since 1970 UTC, when
 * the series has timestamps), model, mean, lo_<level> and hi_<level> for each interval level, and error
 * (null, or why the series has no forecast; such a series gets one row with no step).
 */
export function forecastTable(
  series: readonly Series[],
  results: readonly SeriesForecast[],
  levels: readonly number[],
  frequencies: ReadonlyMap<string, Frequency>,
): ReturnType<typeof typedColumnsToTable> {
  const id: string[] = [];
  const step: (number | null)[] = [];
  const timestamp: (number | null)[] = [];
  const model: (string | null)[] = [];
  const mean: (number | null)[] = [];
  const error: (string | null)[] = [];
  const bounds = levels.map(() => ({ lo: [] as (number | null)[], hi: [] as (number | null)[] }));
  results.forEach((r, i) => {
    const s = series[i]!;
    if (!r.forecast) {
      id.push(r.id);
      step.push(null);
      timestamp.push(null);
      model.push(null);
      mean.push(null);
      error.push(`${r.error.code}: ${r.error.message}`);
      for (const b of bounds) {
        b.lo.push(null);
        b.hi.push(null);
      }
      return;
    }
    const f = r.forecast;
    const last = s.timestamps?.[s.timestamps.length - 1];
    const freq = frequencies.get(s.id);
    for (let k = 0; k < f.mean.length; k++) {
      id.push(r.id);
      step.push(k + 1);
      timestamp.push(last !== undefined && freq ? advance(last, freq, k + 1) : null);
      model.push(f.model);
      mean.push(f.mean[k]!);
      error.push(null);
      levels.forEach((level, j) => {
        const interval = f.intervals.find((x) => x.level === level);
        bounds[j]!.lo.push(interval ? interval.lower[k]! : null);
        bounds[j]!.hi.push(interval ? interval.upper[k]! : null);
      });
    }
  });
  const float = (values: (number | null)[]) => ({ type: 'float' as const, values });
  return typedColumnsToTable({
    id: { type: 'string', values: id },
    step: { type: 'int', values: step },
    timestamp: float(timestamp),
    model: { type: 'string', values: model },
    mean: float(mean),
    ...Object.fromEntries(
      levels.flatMap((l, j) => [
        [`lo_${l}`, float(bounds[j]!.lo)],
        [`hi_${l}`, float(bounds[j]!.hi)],
      ]),
    ),
    error: { type: 'string', values: error },
  });
}
