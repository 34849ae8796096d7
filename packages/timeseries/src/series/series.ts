import { InvalidArgumentError } from '@strata/core';

/** A series: its values in time order, its seasonal period, and, when known, its timestamps. */
export interface Series {
  readonly id: string;
  readonly values: Float64Array;
  /** Seasonal period m: observations per season (12 for monthly data), 1 when not seasonal. */
  readonly period: number;
  /** Timestamps of the values, ms since 1970 UTC, when known. */
  readonly timestamps?: Float64Array;
}

/**
 * A series from plain values. Throws `INVALID_ARGUMENT` for a period that is not a whole number >= 1.
 *
 * @example
 * ```ts
 * const air = series('AirPassengers', [112, 118, 132, ...], { period: 12 });
 * ```
 */
export function series(
  id: string,
  values: ArrayLike<number>,
  options: { period?: number; timestamps?: ArrayLike<number> } = {},
): Series {
  const period = options.period ?? 1;
  if (!Number.isInteger(period) || period < 1)
    throw new InvalidArgumentError(
      'period',
      `the seasonal period must be a whole number >= 1, got ${period}`,
      {
        value: period,
      },
    );
  if (options.timestamps && options.timestamps.length !== values.length)
    throw new InvalidArgumentError(
      'timestamps',
      `series "${id}" has ${values.length} values but ${options.timestamps.length} timestamps`,
    );
  return {
    id,
    values: Float64Array.from(values),
    period,
    ...(options.timestamps ? { timestamps: Float64Array.from(options.timestamps) } : {}),
  };
}
