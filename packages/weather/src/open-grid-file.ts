import { basename } from 'node:path';
import { GridError } from './errors.js';
import { fileAccess } from './file-access.js';
import { cfGridSource, type GridSource } from './grid-source.js';
import { sniffFormat } from './open-grid.js';
import { openNetcdfClassic } from './sources/netcdf-classic.js';
import { openNetcdf4File } from './sources/netcdf4-file.js';

/**
 * Opens a NetCDF file on disk as a {@link GridSource}, reading only the header up front and then only
 * the bytes (classic) or chunks (NetCDF-4) each field needs.
 *
 * @example
 * ```ts
 * const source = await openGridFile('era5-2019-03.nc');
 * const field = await source.readField({ variable: 't2m', time: 0 });
 * ```
 */
export async function openGridFile(path: string): Promise<GridSource> {
  const access = fileAccess(path);
  const name = basename(path);
  let format: ReturnType<typeof sniffFormat>;
  try {
    format = sniffFormat(access.read(0, 8));
    if (format === 'classic') return cfGridSource(openNetcdfClassic(access, name), name);
  } catch (err) {
    access.close();
    throw err;
  }
  access.close();
  if (format === 'netcdf4') return cfGridSource(await openNetcdf4File(path, name), name);
  throw new GridError(
    'GRID_FORMAT',
    `${path} is neither NetCDF classic nor NetCDF-4 (HDF5): its first bytes are not "CDF" or "\\x89HDF"`,
    {
      context: { source: name },
    },
  );
}
