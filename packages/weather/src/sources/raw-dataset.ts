/**
 * What a file format hands to the CF layer: dimensions, variables with their attributes, and hyperslab
 * reads of raw (still packed) values. Each format implements only this; CF decoding, axes and lookup
 * are shared.
 */

import { InvalidArgumentError } from '@strata/core';

/** An attribute value as stored: a number, a string, or an array of numbers. */
export type AttributeValue = number | string | readonly number[];

/** A variable as the file declares it. */
export interface RawVariable {
  readonly name: string;
  /** Dimension names, slowest-varying first. */
  readonly dims: readonly string[];
  readonly shape: readonly number[];
  /** Storage type: `int8`, `uint8`, `int16`, `int32`, `int64`, `float32`, `float64`, `char` or `string`. */
  readonly type: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** Raw values of a hyperslab in row-major order; 64-bit integers come as numbers. */
export type RawValues = ArrayLike<number>;

/** A NetCDF dataset, opened: header in memory, data read on request. */
export interface RawDataset {
  /** `netcdf-classic`, `netcdf-64bit-offset`, `netcdf-cdf5` or `netcdf4`. */
  readonly format: string;
  readonly variables: readonly RawVariable[];
  readonly globalAttributes: Readonly<Record<string, AttributeValue>>;
  /** Reads `count[i]` values from `start[i]` along each dimension of a numeric variable. */
  readSlab(variable: string, start: readonly number[], count: readonly number[]): RawValues;
  /** Reads a whole string or char variable as strings (for labels such as `expver`). */
  readStrings(variable: string): string[];
  /** Releases the file. */
  close(): void;
}

/** Checks that a slab lies inside the variable: whole numbers, one start and count per dimension, within its shape. */
export function checkSlab(v: RawVariable, start: readonly number[], count: readonly number[]): void {
  const rank = v.shape.length;
  const fits = (i: number) =>
    Number.isSafeInteger(start[i]) &&
    Number.isSafeInteger(count[i]) &&
    start[i]! >= 0 &&
    count[i]! >= 0 &&
    start[i]! + count[i]! <= v.shape[i]!;
  if (start.length !== rank || count.length !== rank || !v.shape.every((_, i) => fits(i)))
    throw new InvalidArgumentError(
      'start',
      `a slab of "${v.name}" [${v.shape.join(', ')}] needs ${rank} starts and counts inside it, got start [${start.join(', ')}] and count [${count.join(', ')}]`,
      { value: { start, count } },
    );
}
