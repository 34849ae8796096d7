import { InvalidArgumentError } from './errors.js';

/** The element types a Strata {@link Tensor} can hold. */
export type DType = 'float32' | 'float16' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bool' | 'string';

/** All dtypes, in a stable order (for schemas and error messages). */
export const DTYPES: readonly DType[] = [
  'float32',
  'float16',
  'float64',
  'int32',
  'int64',
  'uint8',
  'bool',
  'string',
];

/**
 * The JavaScript storage of each dtype. float16 is stored as float32 values (the backend converts to
 * half-precision bits); bool is stored as 0/1 bytes, as ONNX Runtime does.
 */
export interface DTypeData {
  float32: Float32Array;
  float16: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
  string: string[];
}

/** A dense, row-major n-dimensional array. */
export interface Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly dims: readonly number[];
  readonly data: DTypeData[D];
}

/** A tensor of any dtype, as a union so that checking `dtype` narrows `data`. */
export type AnyTensor = { [D in DType]: Tensor<D> }[DType];

/** Named tensors: the feeds of a model run or its results. */
export type TensorMap = Record<string, AnyTensor>;

const CONSTRUCTORS = {
  float32: Float32Array,
  float16: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * Creates a tensor, checking that `dims` are non-negative integers and that `data` has exactly as many
 * elements as `dims` describe. Plain number arrays are copied into the dtype's typed array.
 *
 * @example
 * ```ts
 * const x = tensor('float32', [1, 2, 3, 4], [2, 2]);
 * ```
 */
export function tensor<D extends DType>(
  dtype: D,
  data: DTypeData[D] | readonly number[] | readonly bigint[] | readonly boolean[],
  dims: readonly number[] = [data.length],
): Tensor<D> {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError('dims', `dims must be non-negative integers, got [${dims.join(', ')}]`, {
        value: dims,
      });
    }
  }
  const stored = toStorage(dtype, data);
  if (stored.length !== sizeOf(dims)) {
    throw new InvalidArgumentError(
      'data',
      `data has ${stored.length} elements but dims [${dims.join(', ')}] need ${sizeOf(dims)}`,
      { value: stored.length },
    );
  }
  return { dtype, dims: [...dims], data: stored };
}

/** A tensor of zeros (empty strings for `string`). */
export function zeros<D extends DType>(dtype: D, dims: readonly number[]): Tensor<D> {
  const n = sizeOf(dims);
  const data =
    dtype === 'string'
      ? new Array<string>(n).fill('')
      : new CONSTRUCTORS[dtype as Exclude<DType, 'string'>](n);
  return { dtype, dims: [...dims], data: data as DTypeData[D] };
}

function toStorage<D extends DType>(dtype: D, data: ArrayLike<unknown>): DTypeData[D] {
  if (dtype === 'string') {
    if (!Array.isArray(data) || data.some((v) => typeof v !== 'string')) {
      throw new InvalidArgumentError('data', 'a string tensor needs an array of strings');
    }
    return data as DTypeData[D];
  }
  const Ctor = CONSTRUCTORS[dtype as Exclude<DType, 'string'>];
  if (data instanceof Ctor) return data as DTypeData[D];
  if (Ctor === BigInt64Array) {
    return BigInt64Array.from(data as ArrayLike<unknown>, (v) =>
      BigInt(v as number | bigint),
    ) as DTypeData[D];
  }
  if (ArrayBuffer.isView(data) && dtype !== 'float16' && dtype !== 'bool') {
    throw new InvalidArgumentError(
      'data',
      `a ${dtype} tensor needs a ${Ctor.name}, got a ${data.constructor.name}; convert it explicitly`,
    );
  }
  return (Ctor as Float32ArrayConstructor).from(data as ArrayLike<number>, Number) as DTypeData[D];
}

/** Concatenates tensors of one dtype along axis 0; all other dimensions must agree. */
export function concat0<D extends DType>(parts: readonly Tensor<D>[]): Tensor<D> {
  const first = parts[0];
  if (!first) throw new InvalidArgumentError('parts', 'concat0 needs at least one tensor');
  const inner = first.dims.slice(1);
  let rows = 0;
  for (const p of parts) {
    if (p.dtype !== first.dtype || p.dims.length !== first.dims.length || !sameDims(p.dims.slice(1), inner)) {
      throw new InvalidArgumentError('parts', 'concat0 needs tensors of one dtype and equal trailing dims');
    }
    rows += p.dims[0] ?? 1;
  }
  const dims = [rows, ...inner];
  if (first.dtype === 'string') {
    return { dtype: first.dtype, dims, data: parts.flatMap((p) => p.data as string[]) as DTypeData[D] };
  }
  const out = zeros(first.dtype, dims);
  let offset = 0;
  for (const p of parts) {
    (out.data as Float32Array).set(p.data as Float32Array, offset);
    offset += p.data.length;
  }
  return out;
}

/** Splits a tensor along axis 0 into consecutive pieces of the given row counts (views, not copies). */
export function split0<D extends DType>(t: Tensor<D>, rows: readonly number[]): Tensor<D>[] {
  const inner = t.dims.slice(1);
  const stride = sizeOf(inner);
  const out: Tensor<D>[] = [];
  let start = 0;
  for (const r of rows) {
    const end = start + r * stride;
    const data =
      t.dtype === 'string'
        ? (t.data as string[]).slice(start, end)
        : (t.data as Float32Array).subarray(start, end);
    out.push({ dtype: t.dtype, dims: [r, ...inner], data: data as DTypeData[D] });
    start = end;
  }
  return out;
}

/** True when two shapes are equal. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
