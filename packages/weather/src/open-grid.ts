import { GridError } from './errors.js';
import { cfGridSource, type GridSource } from './grid-source.js';
import { bytesAccess } from './random-access.js';
import { openNetcdfClassic } from './sources/netcdf-classic.js';
import { openNetcdf4Bytes } from './sources/netcdf4.js';

/** The NetCDF flavour of a file, from its first bytes. */
export function sniffFormat(head: Uint8Array): 'classic' | 'netcdf4' | undefined {
  if (head[0] === 0x43 && head[1] === 0x44 && head[2] === 0x46) return 'classic'; // "CDF"
  if (head[0] === 0x89 && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x46) return 'netcdf4'; // "\x89HDF"
  return undefined;
}

/**
 * Opens NetCDF bytes (classic, 64-bit offset or NetCDF-4) as a {@link GridSource}. For files on disk,
 * `openGridFile` of `@strata/weather/node` reads only what each request needs.
 *
 * @example
 * ```ts
 * const source = await openGrid(new Uint8Array(await (await fetch(url)).arrayBuffer()), 'era5.nc');
 * ```
 */
export async function openGrid(bytes: Uint8Array, name = 'grid'): Promise<GridSource> {
  const format = sniffFormat(bytes.subarray(0, 8));
  if (format === 'classic') return cfGridSource(openNetcdfClassic(bytesAccess(bytes), name), name);
  if (format === 'netcdf4') return cfGridSource(await openNetcdf4Bytes(bytes, name), name);
  throw new GridError(
    'GRID_FORMAT',
    `${name} is neither NetCDF classic nor NetCDF-4 (HDF5): its first bytes are not "CDF" or "\\x89HDF"`,
    {
      context: { source: name },
    },
  );
}
