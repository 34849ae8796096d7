import { GridError } from '../errors.js';
import type { RandomAccess } from '../random-access.js';
import { readClassicHeader } from './classic-header.js';
import { layoutOf, type ClassicVariable } from './classic-layout.js';
import { checkSlab, type RawDataset, type RawValues } from './raw-dataset.js';

const FORMATS = { 1: 'netcdf-classic', 2: 'netcdf-64bit-offset', 5: 'netcdf-cdf5' } as const;

/**
 * Opens a NetCDF classic, 64-bit-offset or CDF-5 file. The header is read by Strata's own checked
 * reader (every count, size and offset in it is checked against the file before anything is
 * allocated: see `readClassicHeader` and `layoutOf`); data are read hyperslab by hyperslab, straight
 * from the file, signed bytes as signed and odd-length short variables to their last value.
 */
export function openNetcdfClassic(access: RandomAccess, name: string): RawDataset {
  const header = readClassicHeader(access, name);
  const { variables, recordStep } = layoutOf(header, access.size, name);
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
    format: FORMATS[header.version],
    variables,
    globalAttributes: header.attributes,
    readSlab: (variable, start, count) => readSlab(access, find(variable), recordStep, start, count),
    readStrings: (variable) => readChars(access, find(variable), recordStep),
    close: () => access.close(),
  };
}

function readSlab(
  access: RandomAccess,
  v: ClassicVariable,
  recordStep: number,
  start: readonly number[],
  count: readonly number[],
): RawValues {
  checkSlab(v, start, count);
  const rank = v.shape.length;
  const size = v.size;
  const inner = v.record ? v.shape.slice(1) : v.shape;
  const strides = inner.map((_, i) => inner.slice(i + 1).reduce((n, d) => n * d, 1));
  const total = count.reduce((n, c) => n * c, 1);
  const out = new (OUTPUT[v.type] ?? Float64Array)(total);
  // Records of a record variable are not adjacent: axis 0 is then always stepped one record at a time.
  const first = v.record ? 1 : 0;
  // The run read at once: from the first axis after which the slab spans whole dimensions.
  let j = rank - 1;
  while (j > first && start[j] === 0 && count[j] === v.shape[j]) j--;
  const runAxis = Math.max(j, first);
  const runLength =
    runAxis < rank ? count[runAxis]! * v.shape.slice(runAxis + 1).reduce((n, d) => n * d, 1) : 1;
  if (total === 0) return out;
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
    decodeBigEndian(bytes, v.type, out, written);
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

function readChars(access: RandomAccess, v: ClassicVariable, recordStep: number): string[] {
  if (v.type !== 'char')
    throw new GridError('GRID_FORMAT', `"${v.name}" is not a char variable`, {
      context: { variable: v.name },
    });
  const width = v.shape.at(-1) ?? 1;
  const codes = readSlab(
    access,
    v,
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

type NumberArray =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The array each storage type is read into (chars as unsigned bytes, 64-bit integers as doubles). */
const OUTPUT: Readonly<Record<string, new (n: number) => NumberArray>> = {
  int8: Int8Array,
  char: Uint8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  int64: Float64Array,
  uint64: Float64Array,
};

/** How the byte-swapped values are viewed, where that differs from the output array. */
const WIDE: Readonly<Record<string, BigInt64ArrayConstructor | BigUint64ArrayConstructor>> = {
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

let scratch = new Uint8Array(1 << 16);

/**
 * Decodes big-endian values into `out` at `at`: the bytes are reversed per element into an aligned
 * scratch buffer and read through a typed array of the host's (little-endian) order, which runs at
 * memory speed instead of one DataView call per value.
 */
function decodeBigEndian(bytes: Uint8Array, type: string, out: NumberArray, at: number): void {
  const size = out.BYTES_PER_ELEMENT;
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
  const Wide = WIDE[type];
  if (Wide) {
    const values = new Wide(scratch.buffer, 0, n / 8);
    for (let i = 0; i < values.length; i++) out[at + i] = Number(values[i]!);
    return;
  }
  const Ctor = out.constructor as new (b: ArrayBuffer, o: number, l: number) => NumberArray;
  out.set(new Ctor(scratch.buffer, 0, n / size), at);
}
