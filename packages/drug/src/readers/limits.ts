// The limits the molecule readers hold untrusted files to. Each is an option with a documented default,
// chosen so that real libraries pass by a wide margin while a crafted file costs a bounded amount.
import { InvalidArgumentError } from '@strata/core';

/** A line over the line limit: only its length in bytes is kept, never its text. */
export interface LongLine {
  readonly bytes: number;
}

/** A line as the readers see it: its text, or its length where it is over the limit. */
export type Line = string | LongLine;

/** Limits on what one line or record may hold. */
export interface RecordLimits {
  /**
   * The longest line in bytes, and the longest CSV/TSV row whose quoted fields span lines: a longer
   * one is an error row (its text is not kept), and a quote still open after this many bytes is given
   * up (an error row at its line; the lines after it are read as rows of their own). The largest real
   * SMILES are tens of kilobytes; a row of thousands of columns fits too.
   * @defaultValue 262,144 (256 KiB)
   */
  readonly maxLineBytes?: number;
  /**
   * The largest SD record in bytes (molblock and data fields): a larger one is an error record, read
   * past up to its `$$$$` without being kept. A protein of 10,000 atoms is about 1 MiB.
   * @defaultValue 16,777,216 (16 MiB)
   */
  readonly maxRecordBytes?: number;
}

/** Limits on decompressing a gzip input (the defence against decompression bombs). */
export interface DecompressionLimits {
  /**
   * The most bytes a compressed input may decompress to (a gzipped input is also copied, decompressed,
   * beside a screen's results, so this bounds that copy). About 4 million molecules of a 2D SD file.
   * @defaultValue 8,589,934,592 (8 GiB)
   */
  readonly maxDecompressedBytes?: number;
  /**
   * The most decompressed bytes per compressed byte, once the output passes 64 MiB: gzipped SMILES and
   * CSV files inflate 3-6 times, 2D SD files about 17 and SD files without coordinates about 30, while
   * a file of zeros inflates about 1,000 times.
   * @defaultValue 200
   */
  readonly maxCompressionRatio?: number;
}

/** Every limit of the molecule readers. */
export type ReaderLimits = RecordLimits & DecompressionLimits;

/** The defaults of {@link ReaderLimits}. */
export const READER_LIMITS: Readonly<Required<ReaderLimits>> = {
  maxLineBytes: 256 * 1024,
  maxRecordBytes: 16 * 2 ** 20,
  maxDecompressedBytes: 8 * 2 ** 30,
  maxCompressionRatio: 200,
};

/** The output a compressed input may reach before its ratio is checked (small bombs cost nothing). */
export const RATIO_FREE_BYTES = 64 * 2 ** 20;

/** A limit's value: the option's, checked, else the default. */
export function limitOf(options: ReaderLimits, name: keyof ReaderLimits): number {
  const value = options[name];
  if (value === undefined) return READER_LIMITS[name];
  // A ratio may be fractional; a count of bytes is whole.
  const whole = name !== 'maxCompressionRatio';
  if (!(typeof value === 'number' && value > 0 && (!whole || Number.isInteger(value) || value === Infinity)))
    throw new InvalidArgumentError(
      name,
      `${name} must be ${whole ? 'a whole number ≥ 1' : 'a number > 0'} (or Infinity), got ${value}`,
      { value },
    );
  return value;
}

/** Checks every limit given (each is read only where its format needs it, but a bad one is always an error). */
export function checkLimits(options: ReaderLimits): void {
  for (const name of Object.keys(READER_LIMITS) as (keyof ReaderLimits)[]) limitOf(options, name);
}

/** A byte count for a message: `262,144 bytes`. */
export const bytesText = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
