import { statSync } from 'node:fs';
import h5wasm from 'h5wasm/node';
import type { RawDataset } from './raw-dataset.js';
import { openNetcdf4, type H5Library } from './netcdf4.js';

/** Opens a NetCDF-4 file in place (h5wasm's Node build reads the host file system directly). */
export async function openNetcdf4File(path: string, name = path): Promise<RawDataset> {
  await h5wasm.ready;
  return openNetcdf4(h5wasm as unknown as H5Library, path, { name, size: statSync(path).size });
}
