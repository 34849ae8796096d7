import { InvalidArgumentError } from '@strata/core';
import { SeriesError } from '../errors.js';
import type { Series } from '../series/series.js';
import { normalQuantile } from '../stats/normal.js';
import type { ForecastOptions, Interval } from './forecast.js';

/** The horizon and interval levels of a forecast request, checked. */
export function horizon(options: ForecastOptions): { h: number; levels: readonly number[] } {
  const { h } = options;
  if (!Number.isInteger(h) || h < 1)
    throw new InvalidArgumentError('h', `the horizon must be a whole number >= 1, got ${h}`, { value: h });
  const levels = options.levels ?? [80, 95];
  for (const l of levels)
    if (!(l > 0 && l < 100))
      throw new InvalidArgumentError('levels', `interval levels are percentages in (0, 100), got ${l}`, {
        value: l,
      });
  return { h, levels };
}

/** Throws a `SeriesError` when the series is shorter than `min` or has a missing (non-finite) value. */
export function checkValues(s: Series, min: number, model = 'this model'): void {
  if (s.values.length < min)
    throw new SeriesError(
      'SERIES_TOO_SHORT',
      `series "${s.id}" has ${s.values.length} values; ${model} needs ${min}`,
      { context: { series: s.id } },
    );
  checkFinite(s);
}

/** Throws a `SeriesError` naming the first missing (non-finite) value of the series. */
export function checkFinite(s: Series): void {
  const bad = s.values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new SeriesError(
      'SERIES_MISSING_VALUE',
      `series "${s.id}" has a missing value at index ${bad}: fill or interpolate it first`,
      { context: { series: s.id, at: bad } },
    );
}

/** Gaussian intervals mean ± z·se at each level. */
export function gaussianIntervals(
  mean: Float64Array,
  se: Float64Array,
  levels: readonly number[],
): Interval[] {
  return levels.map((level) => {
    const z = normalQuantile(0.5 * (1 + level / 100));
    return {
      level,
      lower: mean.map((m, i) => m - z * se[i]!),
      upper: mean.map((m, i) => m + z * se[i]!),
    };
  });
}
