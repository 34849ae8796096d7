import { NetCDFReader } from 'netcdfjs';
import { messageOf } from '@strata/core';
import { GridError } from '../errors.js';
import type { RandomAccess } from '../random-access.js';
import type { AttributeValue, RawDataset, RawValues, RawVariable } from './raw-dataset.js';

const SIZES: Readonly<Record<string, number>> = { byte: 1, char: 1, short: 2, int: 4, float: 4, double: 8 };
const TYPES: Readonly<Record<string, string>> = {
  byte: 'int8',
  char: 'char',
  short: 'int16',
  int: 'int32',
  float: 'float32',
  double: 'float64',
};

interface Layout extends RawVariable {
  readonly fileType: string;
  readonly begin: number;
  readonly record: boolean;
}

/**
 * Opens a NetCDF classic or 64-bit-offset file. netcdfjs parses the header only (from as many leading
 * bytes as it needs); data are read here, hyperslab by hyperslab, straight from the file. That avoids
 * netcdfjs's whole-variable JS arrays, its unsigned reading of signed bytes, and its padding value at
 * the end of odd-length short variables.
 */
export function openNetcdfClassic(access: RandomAccess, name: string): RawDataset {
  const reader = parseHeader(access, name);
  const dims = reader.header.dimensions;
  const recordId = reader.header.recordDimension.id;
  const numRecords = reader.header.recordDimension.length;
  const variables: Layout[] = reader.header.variables.map((v) => ({
    name: v.name,
    dims: v.dimensions.map((d) => dims[d]!.name),
    shape: v.dimensions.map((d) => (d === recordId ? numRecords : dims[d]!.size)),
    type: TYPES[v.type] ?? v.type,
    fileType: v.type,
    attributes: attributesOf(v.attributes as unknown as NetcdfAttribute[], v.type),
    begin: v.offset,
    record: v.record,
  }));
  const recordVars = variables.filter((v) => v.record);
  // Per the format: records are the record variables' slices padded to 4 bytes each, except that a
  // file with a single record variable does not pad it.
  const recordStep =
    recordVars.length === 1
      ? sliceBytes(recordVars[0]!)
      : recordVars.reduce((n, v) => n + Math.ceil(sliceBytes(v) / 4) * 4, 0);
  checkSizes({ variables, numRecords, fileSize: access.size, name });
  const byName = new Map(variables.map((v) => [v.name, v]));
  const find = (variable: string) => {
    const v = byName.get(variable);
    if (!v)
      throw new GridError('VARIABLE_NOT_FOUND', `${name} has no variable "${variable}"`, {
        context: { source: name, variable },
      });
    return v;
  };
  return {
    format: reader.version === '64-bit offset format' ? 'netcdf-64bit-offset' : 'netcdf-classic',
    variables,
    globalAttributes: attributesOf(reader.header.globalAttributes as unknown as NetcdfAttribute[], ''),
    readSlab: (variable, start, count) => readSlab(access, find(variable), recordStep, start, count),
    readStrings: (variable) => readChars(access, find(variable), recordStep),
    close: () => access.close(),
  };
}

/**
 * Checks the sizes the header declares against the file before anything is allocated from them: a
 * header is untrusted bytes, and a record count of 2^31 in a 7 KB file must be an error, not an array of
 * 2^31 entries. No count may pass the file's size in bytes. (A file cut short still opens: its fields
 * before the cut read, and one past it fails when read.)
 */
function checkSizes(file: {
  variables: readonly Layout[];
  numRecords: number;
  fileSize: number;
  name: string;
}): void {
  const { variables, numRecords, fileSize, name } = file;
  const bad = (message: string) =>
    new GridError('GRID_FORMAT', `${name}: ${message} (the file has ${fileSize} bytes)`, {
      context: { source: name },
    });
  if (!Number.isSafeInteger(numRecords) || numRecords < 0 || numRecords > fileSize)
    throw bad(`the header's record count ${numRecords} is impossible`);
  for (const v of variables) {
    if (v.shape.some((d) => !Number.isSafeInteger(d) || d < 0 || d > fileSize))
      throw bad(`variable "${v.name}" has an impossible shape [${v.shape.join(', ')}]`);
    if (!Number.isSafeInteger(v.begin) || v.begin < 0)
      throw bad(`variable "${v.name}" begins at byte ${v.begin}`);
  }
}

function parseHeader(access: RandomAccess, name: string): NetCDFReader {
  const magic = new TextDecoder().decode(access.read(0, 3));
  if (magic !== 'CDF')
    throw new GridError('GRID_FORMAT', `${name} is not a NetCDF classic file`, { context: { source: name } });
  // The header's length is not stored up front: parse growing prefixes until it fits.
  for (let length = Math.min(access.size, 1 << 16); ; length = Math.min(access.size, length * 4)) {
    try {
      return new NetCDFReader(access.read(0, length));
    } catch (err) {
      // Only a header longer than the prefix is worth a longer read; anything else is a bad file.
      if (length >= access.size || !(err instanceof RangeError)) {
        throw new GridError('GRID_FORMAT', `${name}: cannot read the NetCDF header: ${messageOf(err)}`, {
          context: { source: name },
          cause: err,
        });
      }
    }
  }
}

interface NetcdfAttribute {
  name: string;
  type: string;
  value: number | string | number[];
}

function attributesOf(attrs: readonly NetcdfAttribute[], _varType: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const a of attrs) {
    let value = a.value;
    // netcdfjs returns byte attributes as unsigned: NetCDF bytes are signed.
    if (a.type === 'byte')
      value = (Array.isArray(value) ? value : [value as number]).map((b) => (b > 127 ? b - 256 : b));
    out[a.name] = Array.isArray(value) && value.length === 1 ? value[0]! : value;
  }
  return out;
}

/** Bytes of one record of a record variable, or of the whole of another, unpadded. */
function sliceBytes(v: Layout): number {
  const dims = v.record ? v.shape.slice(1) : v.shape;
  return dims.reduce((n, d) => n * d, 1) * SIZES[v.fileType]!;
}

function readSlab(
  access: RandomAccess,
  v: Layout,
  recordStep: number,
  start: readonly number[],
  count: readonly number[],
): RawValues {
  const rank = v.shape.length;
  if (start.length !== rank || count.length !== rank) {
    throw new GridError('GRID_FORMAT', `a slab of "${v.name}" needs ${rank} start and count values`, {
      context: { variable: v.name },
    });
  }
  const size = SIZES[v.fileType]!;
  const inner = v.record ? v.shape.slice(1) : v.shape;
  const strides = inner.map((_, i) => inner.slice(i + 1).reduce((n, d) => n * d, 1));
  const total = count.reduce((n, c) => n * c, 1);
  const out = new (ARRAYS[v.fileType] ?? Float64Array)(total);
  // Records of a record variable are not adjacent: axis 0 is then always stepped one record at a time.
  const first = v.record ? 1 : 0;
  // The run read at once: from the first axis after which the slab spans whole dimensions.
  let j = rank - 1;
  while (j > first && start[j] === 0 && count[j] === v.shape[j]) j--;
  const runAxis = Math.max(j, first);
  const runLength =
    runAxis < rank ? count[runAxis]! * v.shape.slice(runAxis + 1).reduce((n, d) => n * d, 1) : 1;
  const index = start.slice(0, runAxis);
  let written = 0;
  for (;;) {
    let offset = v.begin;
    for (let a = 0; a <= runAxis && a < rank; a++) {
      const i = a < runAxis ? index[a]! : start[a]!;
      offset += v.record && a === 0 ? i * recordStep : i * strides[v.record ? a - 1 : a]! * size;
    }
    const bytes = access.read(offset, runLength * size);
    if (bytes.length < runLength * size) {
      throw new GridError('GRID_FORMAT', `"${v.name}" runs past the end of the file`, {
        context: { variable: v.name },
      });
    }
    decodeBigEndian(bytes, size, out, written);
    written += runLength;
    // Next combination of the indices before the run axis, last fastest.
    let a = runAxis - 1;
    for (; a >= 0; a--) {
      index[a]!++;
      if (index[a]! < start[a]! + count[a]!) break;
      index[a] = start[a]!;
    }
    if (a < 0) return out;
  }
}

function readChars(access: RandomAccess, v: Layout, recordStep: number): string[] {
  if (v.fileType !== 'char')
    throw new GridError('GRID_FORMAT', `"${v.name}" is not a char variable`, {
      context: { variable: v.name },
    });
  const width = v.shape.at(-1) ?? 1;
  // Chars are unsigned bytes: read them as such.
  const codes = readSlab(
    access,
    { ...v, fileType: 'char' },
    recordStep,
    v.shape.map(() => 0),
    v.shape,
  ) as Uint8Array;
  const text = new TextDecoder('latin1');
  const out: string[] = [];
  for (let i = 0; i < codes.length; i += width)
    out.push(text.decode(codes.subarray(i, i + width)).replace(/\0+$/, ''));
  return out;
}

/** Typed arrays of each NetCDF type (chars read as unsigned bytes). */
const ARRAYS: Readonly<
  Record<
    string,
    | Int8ArrayConstructor
    | Uint8ArrayConstructor
    | Int16ArrayConstructor
    | Int32ArrayConstructor
    | Float32ArrayConstructor
    | Float64ArrayConstructor
  >
> = {
  byte: Int8Array,
  char: Uint8Array,
  short: Int16Array,
  int: Int32Array,
  float: Float32Array,
  double: Float64Array,
};

let scratch = new Uint8Array(1 << 16);

/**
 * Decodes big-endian values into `out` at `at`: the bytes are reversed per element into an aligned
 * scratch buffer and read through a typed array of the host's (little-endian) order, which runs at
 * memory speed instead of one DataView call per value.
 */
function decodeBigEndian(
  bytes: Uint8Array,
  size: number,
  out: ArrayLike<number> & { set(a: ArrayLike<number>, at: number): void },
  at: number,
): void {
  if (size === 1) return out.set(bytes, at);
  if (scratch.length < bytes.length) scratch = new Uint8Array(bytes.length * 2);
  const n = bytes.length;
  if (size === 2) for (let i = 0; i < n; i += 2) [scratch[i], scratch[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  else if (size === 4) {
    for (let i = 0; i < n; i += 4) {
      scratch[i] = bytes[i + 3]!;
      scratch[i + 1] = bytes[i + 2]!;
      scratch[i + 2] = bytes[i + 1]!;
      scratch[i + 3] = bytes[i]!;
    }
  } else for (let i = 0; i < n; i += 8) for (let k = 0; k < 8; k++) scratch[i + k] = bytes[i + 7 - k]!;
  const Ctor = (
    out as unknown as { constructor: new (b: ArrayBuffer, o: number, l: number) => ArrayLike<number> }
  ).constructor;
  out.set(new Ctor(scratch.buffer, 0, n / size), at);
}
