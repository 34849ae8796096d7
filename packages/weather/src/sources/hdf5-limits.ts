import type { Dataset, Metadata } from 'h5wasm';
import { GridError } from '../errors.js';

/** HDF5's own limit on a dataspace's rank. */
const MAX_RANK = 32;
/** The most objects of the root group that are looked at: real files have tens. */
export const MAX_OBJECTS = 65_536;
/**
 * The largest chunk read: HDF5 decompresses a whole chunk into memory to read any part of it, so a
 * chunk of 2^30 values behind a 2 KB file is an allocation of gigabytes. netCDF's default chunks are
 * a few megabytes.
 */
const MAX_CHUNK = 256 * 2 ** 20;
/**
 * How many bytes of data one byte of file can hold: deflate, the compression netCDF-4 writes, cannot
 * expand past 1032:1. A dataset claiming more than this times the file's size claims data the file
 * cannot hold (or never wrote), and reading it would allocate all of it.
 */
const MAX_RATIO = 1100;
/** The largest attribute value read (larger ones are left out: no CF attribute is that long). */
const MAX_ATTRIBUTE = 4 * 2 ** 20;

/**
 * Checks what a dataset's metadata claim before any of its data is read: its rank, its extent against
 * the file's size (allowing for the best compression there is), and its chunks. A dataset that claims
 * more than the file can hold is `GRID_FORMAT`; chunks too large to decompress are `GRID_UNSUPPORTED`.
 */
export function checkDataset(ds: Dataset, key: string, file: { size: number; name: string }): void {
  const m: Metadata = ds.metadata;
  const shape = m.shape ?? [];
  const bad = (code: 'GRID_FORMAT' | 'GRID_UNSUPPORTED', message: string) =>
    new GridError(code, `${file.name}: dataset "${key}" ${message}`, {
      context: { source: file.name, variable: key },
    });
  if (shape.length > MAX_RANK || shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw bad('GRID_FORMAT', `has an impossible shape [${shape.join(', ')}]`);
  const size = Math.max(1, m.size);
  const bytes = shape.reduce((n, d) => n * d, size);
  const most = Math.max(file.size, 1) * MAX_RATIO;
  if (bytes > most)
    throw bad(
      'GRID_FORMAT',
      `claims [${shape.join(', ')}] values of ${size} bytes (${bytes} bytes), more than a ${file.size}-byte file can hold even compressed`,
    );
  if (m.chunks) {
    const chunk = m.chunks.reduce((n, c) => n * c, size);
    if (m.chunks.length !== shape.length || m.chunks.some((c) => !Number.isSafeInteger(c) || c < 1))
      throw bad(
        'GRID_FORMAT',
        `has chunks [${m.chunks.join(', ')}] that do not fit its shape [${shape.join(', ')}]`,
      );
    if (chunk > MAX_CHUNK || chunk > most)
      throw bad(
        'GRID_UNSUPPORTED',
        `has chunks of ${chunk} bytes; chunks of at most ${Math.min(MAX_CHUNK, most)} bytes are read`,
      );
  }
}

/** The most values of one attribute read: each becomes a number or string in a plain array. */
const MAX_ATTRIBUTE_VALUES = 65_536;

/** Whether an attribute's value is small enough to read (from its metadata, before reading it). */
export function readableAttribute(m: Metadata): boolean {
  const count = (m.shape ?? []).reduce((n, d) => n * d, 1);
  return (
    Number.isSafeInteger(count) &&
    count <= MAX_ATTRIBUTE_VALUES &&
    count * Math.max(1, m.size) <= MAX_ATTRIBUTE
  );
}
