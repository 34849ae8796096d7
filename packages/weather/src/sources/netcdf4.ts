import h5wasm, { type Dataset, type File as H5File, type Metadata } from 'h5wasm';
import { messageOf } from '@strata/core';
import { GridError } from '../errors.js';
import { checkDataset, MAX_OBJECTS, readableAttribute } from './hdf5-limits.js';
import {
  checkSlab,
  type AttributeValue,
  type RawDataset,
  type RawValues,
  type RawVariable,
} from './raw-dataset.js';

/** The part of an h5wasm build this reader uses (the browser/ESM build or the Node build share it). */
export interface H5Library {
  File: new (filename: string, mode?: 'r') => H5File;
}

/** HDF5 attributes the netCDF-4 library keeps for itself. */
const INTERNAL = new Set([
  'DIMENSION_LIST',
  'REFERENCE_LIST',
  'CLASS',
  'NAME',
  '_Netcdf4Coordinates',
  '_Netcdf4Dimid',
  '_nc3_strict',
]);
const DIMENSION_ONLY = 'This is a netCDF dimension but not a netCDF variable';

let memfs = 0;

/**
 * Opens NetCDF-4 bytes through h5wasm's in-memory file system. For files on disk,
 * `@strata/weather/node` opens them in place instead, reading only the chunks a request touches.
 */
export async function openNetcdf4Bytes(bytes: Uint8Array, name: string): Promise<RawDataset> {
  const { FS } = await h5wasm.ready;
  const path = `/strata-${++memfs}.nc`;
  FS!.writeFile(path, bytes);
  return openNetcdf4(h5wasm as unknown as H5Library, path, {
    name,
    size: bytes.length,
    onClose: () => FS!.unlink(path),
  });
}

/** What {@link openNetcdf4} needs to know of the file besides its path. */
export interface Netcdf4Target {
  /** Named in errors. */
  readonly name: string;
  /** The file's size in bytes: no dataset may claim more data than it can hold. */
  readonly size: number;
  /** Called once the file is closed (or failed to open). @defaultValue nothing */
  readonly onClose?: () => void;
}

/**
 * Opens a NetCDF-4 (HDF5) file by path in the given h5wasm build's file system. Each dataset's
 * metadata are checked against the file's size before anything of it is read (see `checkDataset`), so
 * a small file claiming 2^24 time steps or gigabyte chunks is an error, not an allocation.
 */
export function openNetcdf4(lib: H5Library, path: string, target: Netcdf4Target): RawDataset {
  const { name, onClose = () => {} } = target;
  let file: H5File | undefined;
  const datasets = new Map<string, Dataset>();
  const variables: RawVariable[] = [];
  try {
    file = new lib.File(path, 'r');
    const keys = file.keys();
    if (keys.length > MAX_OBJECTS)
      throw new GridError(
        'GRID_UNSUPPORTED',
        `${name} has ${keys.length} objects; at most ${MAX_OBJECTS} are read`,
        {
          context: { source: name },
        },
      );
    for (const key of keys) {
      const entity = file.get(key);
      if (!entity || !('shape' in entity) || typeof (entity as Dataset).slice !== 'function') continue; // groups are not read
      const ds = entity as Dataset;
      checkDataset(ds, key, target);
      const nameAttr = ds.attrs.NAME;
      const label = nameAttr && readableAttribute(nameAttr.metadata) ? nameAttr.value : undefined;
      if (typeof label === 'string' && label.startsWith(DIMENSION_ONLY)) continue;
      datasets.set(key, ds);
      variables.push({
        name: key,
        dims: dimsOf(file, ds, key),
        shape: ds.shape ?? [],
        type: typeOf(ds),
        attributes: attributesOf(ds),
      });
    }
  } catch (err) {
    // h5wasm reports a file it cannot open on first use, not always in the constructor.
    try {
      file?.close();
    } catch {
      // the handle was never valid
    }
    onClose();
    if (err instanceof GridError) throw err;
    throw new GridError('GRID_FORMAT', `${name} is not a readable NetCDF-4/HDF5 file: ${h5Message(err)}`, {
      context: { source: name },
      cause: err,
    });
  }
  const opened = file;
  const find = (variable: string) => {
    const ds = datasets.get(variable);
    if (!ds)
      throw new GridError('VARIABLE_NOT_FOUND', `${name} has no variable "${variable}"`, {
        context: { source: name, variable },
      });
    return ds;
  };
  return {
    format: 'netcdf4',
    variables,
    globalAttributes: attributesOf(opened),
    readSlab: (variable, start, count) => {
      const ds = find(variable);
      checkSlab(
        variables.find((v) => v.name === variable)!,
        start,
        count,
      );
      try {
        return toNumbers(sliceOf(ds, start, count));
      } catch (err) {
        throw new GridError('GRID_FORMAT', `${name}: cannot read "${variable}": ${h5Message(err)}`, {
          context: { source: name, variable },
          cause: err,
        });
      }
    },
    readStrings: (variable) => {
      const value = find(variable).value;
      return (Array.isArray(value) ? value : [value]).map((v) =>
        (typeof v === 'string' ? v : String(v as number)).replace(/\0+$/, ''),
      );
    },
    close: () => {
      opened.close();
      onClose();
    },
  };
}

function dimsOf(file: H5File, ds: Dataset, key: string): string[] {
  const shape = ds.shape ?? [];
  if (shape.length === 0) return [];
  const attr = ds.attrs.DIMENSION_LIST;
  const list = attr && readableAttribute(attr.metadata) ? attr.value : undefined;
  if (Array.isArray(list)) {
    return list.map((ref, i) => {
      const target = file.dereference((Array.isArray(ref) ? ref[0] : ref) as never) as {
        path?: string;
      } | null;
      return target?.path?.replace(/^\//, '') ?? `dim${i}`;
    });
  }
  // A coordinate variable is its own (only) dimension.
  return shape.length === 1 ? [key] : shape.map((_, i) => `${key}_dim${i}`);
}

function typeOf(ds: Dataset): string {
  const m = ds.metadata;
  if (m.type === 3 || m.vlen) return 'string';
  if (m.type === 1) return m.size === 8 ? 'float64' : 'float32';
  if (m.type === 0) return `${m.signed ? 'int' : 'uint'}${m.size * 8}`;
  return `hdf5-type-${m.type}`;
}

function attributesOf(obj: {
  attrs: Record<string, { value: unknown; metadata: Metadata }>;
}): Record<string, AttributeValue> {
  // No prototype: an attribute a file names `__proto__` is an attribute like any other.
  const out = Object.create(null) as Record<string, AttributeValue>;
  for (const [key, attr] of Object.entries(obj.attrs)) {
    if (INTERNAL.has(key)) continue;
    let value: unknown;
    try {
      if (!readableAttribute(attr.metadata)) continue; // larger than any CF attribute: never read
      value = attr.value;
    } catch {
      continue; // an attribute type h5wasm cannot read (references, compounds) is not a CF attribute
    }
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'bigint') out[key] = Number(value);
    else if (ArrayBuffer.isView(value) || Array.isArray(value)) {
      const nums = Array.from(value as ArrayLike<number | bigint>, Number);
      out[key] = nums.length === 1 ? nums[0]! : nums;
    }
  }
  return out;
}

function sliceOf(ds: Dataset, start: readonly number[], count: readonly number[]): unknown {
  const shape = ds.shape ?? [];
  if (shape.length === 0) return ds.value;
  return ds.slice(start.map((s, i) => [s, s + count[i]!]));
}

function toNumbers(value: unknown): RawValues {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array)
    return Float64Array.from(value, Number);
  if (ArrayBuffer.isView(value)) return value as unknown as RawValues;
  if (typeof value === 'number' || typeof value === 'bigint') return [Number(value)];
  throw new GridError('GRID_UNSUPPORTED', 'the variable does not hold numbers', {});
}

/**
 * What went wrong, in words: h5wasm's own message for a file HDF5 cannot open is "name not defined",
 * which says nothing to the user; a WebAssembly trap is named as one.
 */
function h5Message(err: unknown): string {
  // WebAssembly.RuntimeError: a trap (out-of-bounds access, unreachable) inside HDF5.
  if (err instanceof Error && err.name === 'RuntimeError')
    return `HDF5 failed inside WebAssembly (${err.message})`;
  const message = messageOf(err);
  return /name not defined/.test(message)
    ? 'HDF5 cannot open it (not HDF5, cut short, or its metadata are damaged)'
    : message;
}
