import { basename } from 'node:path';
import { GridError } from './errors.js';
import { fileAccess } from './file-access.js';
import { cfGridSource, type GridSource } from './grid-source.js';
import { sniffFormat } from './open-grid.js';
import { openNetcdfClassic } from './sources/netcdf-classic.js';
import type { RawDataset } from './sources/raw-dataset.js';

/** Options of {@link openGridFile}. */
export interface OpenGridFileOptions {
  /**
   * What messages call the file: an upload stored under a random name is called by the name its
   * sender gave it. @defaultValue the path's base name
   */
  readonly name?: string;
}

/**
 * Opens a NetCDF file on disk as a {@link GridSource}, reading only the header up front and then only
 * the bytes (classic) or chunks (NetCDF-4) each field needs. For a file from someone else (an upload),
 * `openUntrustedGridFile` reads it the same way on a thread of its own, with a memory cap and a time limit.
 *
 * @example
 * ```ts
 * const source = await openGridFile('era5-2019-03.nc');
 * const field = await source.readField({ variable: 't2m', time: 0 });
 * ```
 */
export async function openGridFile(path: string, options: OpenGridFileOptions = {}): Promise<GridSource> {
  const name = options.name ?? basename(path);
  return cfGridSource(await openRawGridFile(path, name), name);
}

/** Opens a NetCDF file on disk in its format's reader, before CF decoding; errors call the file `name`. */
export async function openRawGridFile(path: string, name = basename(path)): Promise<RawDataset> {
  const access = fileAccess(path);
  let format: ReturnType<typeof sniffFormat>;
  try {
    format = sniffFormat(access.read(0, 8));
    if (format === 'classic') return openNetcdfClassic(access, name);
  } catch (err) {
    access.close();
    throw err;
  }
  access.close();
  // h5wasm (a 4 MB module) loads only for a file that needs it: a thread that reads one classic file never does.
  if (format === 'netcdf4') return (await import('./sources/netcdf4-file.js')).openNetcdf4File(path, name);
  throw new GridError(
    'GRID_FORMAT',
    `${name} is neither NetCDF classic nor NetCDF-4 (HDF5): its first bytes are not "CDF" or "\\x89HDF"`,
    { context: { source: name } },
  );
}
