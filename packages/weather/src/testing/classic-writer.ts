/** NetCDF classic type names and their `nc_type` codes and sizes (7 to 11 exist only in CDF-5). */
const TYPES = {
  byte: [1, 1],
  char: [2, 1],
  short: [3, 2],
  int: [4, 4],
  float: [5, 4],
  double: [6, 8],
  ubyte: [7, 1],
  ushort: [8, 2],
  uint: [9, 4],
  int64: [10, 8],
  uint64: [11, 8],
} as const;

/** A NetCDF classic type by its CDL name. */
export type ClassicType = keyof typeof TYPES;

/** An attribute: a string is `char`, a number or numbers `double` unless a type is given. */
export type ClassicAttribute =
  string | number | readonly number[] | { type: ClassicType; value: readonly number[] };

/** A small NetCDF classic file to write, in the terms of its CDL. */
export interface ClassicSpec {
  /** 1 (classic), 2 (64-bit offset) or 5 (CDF-5). @defaultValue 1 */
  readonly version?: 1 | 2 | 5;
  /** Dimensions in id order; length 0 is the record dimension. */
  readonly dimensions: readonly { readonly name: string; readonly length: number }[];
  /** @defaultValue the record variables' values over the product of their other dimensions */
  readonly numrecs?: number;
  readonly attributes?: Readonly<Record<string, ClassicAttribute>>;
  readonly variables: readonly {
    readonly name: string;
    /** Dimension ids. */
    readonly dims: readonly number[];
    readonly type: ClassicType;
    readonly attributes?: Readonly<Record<string, ClassicAttribute>>;
    /** Every value, in row-major order (records first for a record variable); text for `char`. */
    readonly values: readonly number[] | string;
  }[];
}

/** A written file and where each header field sits, to tell lies in tests. */
export interface ClassicFile {
  readonly bytes: Uint8Array;
  /**
   * Offset and width (4 or 8 bytes) of each header field: `numrecs`, `dimensions`, `attributes` and
   * `variables` (list counts), `dimension:<d>:name` (name length), `dimension:<d>:length`,
   * `attribute:<a>:type` and `:count` (global), `variable:<v>:name`, `:rank`, `:dim<i>`, `:type`,
   * `:vsize`, `:begin`, and `variable:<v>:attribute:<a>:type` and `:count`.
   */
  readonly fields: Readonly<Record<string, { readonly offset: number; readonly width: 4 | 8 }>>;
}

/**
 * Writes a NetCDF classic, 64-bit-offset or CDF-5 file as netCDF's own library lays it out, and says
 * where each header field went, so that a test can write a file, then make its header lie in one field.
 *
 * @example
 * ```ts
 * const file = writeClassic({ dimensions: [{ name: 'x', length: 3 }], variables: [{ name: 'v', dims: [0], type: 'short', values: [1, 2, 3] }] });
 * const lie = withField(file, 'dimension:x:length', 1e6);
 * ```
 */
export function writeClassic(spec: ClassicSpec): ClassicFile {
  const version = spec.version ?? 1;
  const wide = version === 5;
  const recordDim = spec.dimensions.findIndex((d) => d.length === 0);
  const shapeOf = (dims: readonly number[]) =>
    dims.filter((d) => d !== recordDim).reduce((n, d) => n * spec.dimensions[d]!.length, 1);
  const isRecord = (v: ClassicSpec['variables'][number]) => v.dims[0] === recordDim && recordDim >= 0;
  const sliceBytes = spec.variables.map((v) => shapeOf(v.dims) * TYPES[v.type][1]);
  const records = spec.variables.filter(isRecord);
  const numrecs =
    spec.numrecs ?? (records.length ? records[0]!.values.length / shapeOf(records[0]!.dims) : 0);
  // Two passes: the header's length fixes where the data begin.
  const header = (begins: readonly number[]) => {
    const w = new FieldWriter(wide);
    w.bytes([0x43, 0x44, 0x46, version]);
    w.size('numrecs', numrecs);
    w.list('dimensions', 10, spec.dimensions.length);
    for (const d of spec.dimensions) {
      w.name(`dimension:${d.name}:name`, d.name);
      w.size(`dimension:${d.name}:length`, d.length);
    }
    w.attributes('attribute', spec.attributes ?? {}, 'attributes');
    w.list('variables', 11, spec.variables.length);
    spec.variables.forEach((v, i) => {
      const key = `variable:${v.name}`;
      w.name(`${key}:name`, v.name);
      w.size(`${key}:rank`, v.dims.length);
      v.dims.forEach((d, j) => w.size(`${key}:dim${j}`, d));
      w.attributes(`${key}:attribute`, v.attributes ?? {});
      w.int(`${key}:type`, TYPES[v.type][0]);
      w.size(`${key}:vsize`, pad(sliceBytes[i]!));
      if (version === 1) w.int(`${key}:begin`, begins[i] ?? 0);
      else w.wide(`${key}:begin`, begins[i] ?? 0);
    });
    return w;
  };
  const headerLength = header([]).length;
  const begins: number[] = [];
  let at = headerLength;
  spec.variables.forEach((v, i) => {
    if (isRecord(v)) return;
    begins[i] = at;
    at += pad(sliceBytes[i]!);
  });
  const single = records.length === 1;
  const recordStep = single
    ? sliceBytes[spec.variables.indexOf(records[0]!)]!
    : records.reduce((n, v) => n + pad(sliceBytes[spec.variables.indexOf(v)]!), 0);
  spec.variables.forEach((v, i) => {
    if (!isRecord(v)) return;
    begins[i] = at;
    at += single ? sliceBytes[i]! : pad(sliceBytes[i]!);
  });
  const w = header(begins);
  const firstRecord = spec.variables.findIndex(isRecord);
  const out = new Uint8Array(firstRecord >= 0 ? begins[firstRecord]! + numrecs * recordStep : at);
  out.set(w.done(), 0);
  const view = new DataView(out.buffer);
  spec.variables.forEach((v, i) => {
    const [code, size] = TYPES[v.type];
    const values = typeof v.values === 'string' ? Array.from(v.values, (c) => c.charCodeAt(0)) : v.values;
    const perRecord = shapeOf(v.dims);
    values.forEach((x, k) => {
      const record = isRecord(v) ? Math.floor(k / perRecord) : 0;
      const offset = begins[i]! + record * recordStep + (k % perRecord) * size;
      writeValue(view, code, offset, x);
    });
    // netCDF fills the padding after a byte or short slice with the type's fill value.
    const padded = single && isRecord(v) ? sliceBytes[i]! : pad(sliceBytes[i]!);
    const slices = isRecord(v) ? numrecs : 1;
    for (let r = 0; r < slices; r++)
      for (let p = sliceBytes[i]!; p < padded; p += size)
        writeValue(view, code, begins[i]! + r * recordStep + p, FILL[code] ?? 0);
  });
  return { bytes: out, fields: w.fields };
}

/** A copy of the file with one header field (see {@link ClassicFile.fields}) set to `value`. */
export function withField(file: ClassicFile, field: string, value: number): Uint8Array {
  const at = file.fields[field];
  if (!at) throw new Error(`no field "${field}"; there are ${Object.keys(file.fields).join(', ')}`);
  const out = Uint8Array.from(file.bytes);
  const view = new DataView(out.buffer);
  if (at.width === 4) view.setUint32(at.offset, value >>> 0);
  else view.setBigInt64(at.offset, BigInt(value));
  return out;
}

const pad = (n: number) => Math.ceil(n / 4) * 4;

/** netCDF's default fill values of the types whose slices may need padding. */
const FILL: Readonly<Record<number, number>> = { 1: -127, 3: -32767, 7: 255, 8: 65535 };

function writeValue(view: DataView, code: number, at: number, x: number): void {
  if (code === 1) view.setInt8(at, x);
  else if (code === 2 || code === 7) view.setUint8(at, x);
  else if (code === 3) view.setInt16(at, x);
  else if (code === 8) view.setUint16(at, x);
  else if (code === 4) view.setInt32(at, x);
  else if (code === 9) view.setUint32(at, x);
  else if (code === 5) view.setFloat32(at, x);
  else if (code === 6) view.setFloat64(at, x);
  else if (code === 10) view.setBigInt64(at, BigInt(x));
  else view.setBigUint64(at, BigInt(x));
}

/** Appends big-endian header fields and records where each went. */
class FieldWriter {
  readonly fields: Record<string, { offset: number; width: 4 | 8 }> = {};
  private readonly out: number[] = [];

  constructor(private readonly isWide: boolean) {}

  get length(): number {
    return this.out.length;
  }

  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.out.push(b[i]!);
  }

  int(key: string, value: number): void {
    this.fields[key] = { offset: this.out.length, width: 4 };
    this.bytes([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
  }

  wide(key: string, value: number): void {
    this.fields[key] = { offset: this.out.length, width: 8 };
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(value));
    this.bytes(b);
  }

  /** A NON_NEG field: 64-bit in CDF-5. */
  size(key: string, value: number): void {
    if (this.isWide) this.wide(key, value);
    else this.int(key, value);
  }

  list(key: string, tag: number, n: number): void {
    this.int(`${key}:tag`, n ? tag : 0);
    this.size(key, n);
  }

  name(key: string, text: string): void {
    const b = new TextEncoder().encode(text);
    this.size(key, b.length);
    this.bytes(b);
    this.bytes(new Uint8Array(pad(b.length) - b.length));
  }

  attributes(
    prefix: string,
    attrs: Readonly<Record<string, ClassicAttribute>>,
    countKey = `${prefix}s`,
  ): void {
    this.list(countKey, 12, Object.keys(attrs).length);
    for (const [name, a] of Object.entries(attrs)) {
      this.name(`${prefix}:${name}:name`, name);
      const [type, values] =
        typeof a === 'string'
          ? (['char', Array.from(new TextEncoder().encode(a))] as const)
          : typeof a === 'number'
            ? (['double', [a]] as const)
            : 'type' in a
              ? ([a.type, a.value] as const)
              : (['double', a] as const);
      const [code, size] = TYPES[type as ClassicType];
      this.int(`${prefix}:${name}:type`, code);
      this.size(`${prefix}:${name}:count`, values.length);
      const b = new Uint8Array(pad(values.length * size));
      values.forEach((x, i) => writeValue(new DataView(b.buffer), code, i * size, x));
      this.bytes(b);
    }
  }

  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
