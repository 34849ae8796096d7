// Tools to tell lies in NetCDF classic headers: where each field of a real file's header sits, a copy
// with one field changed, a file cut to a few records, and the same file as CDF-1. The hostile grid
// cases are made from small real files with these, not kept as binaries.

/** Where one header field sits: its offset and width in bytes. */
export interface Field {
  readonly offset: number;
  readonly width: 4 | 8;
}

/**
 * The fields of a CDF-1 or CDF-2 header by name: `numrecs`, `dimensions`, `attributes`, `variables`
 * (list counts), `dimension:<d>:name` (name length) and `:length`, `attribute:<a>:type` and `:count`,
 * `variable:<v>:name`, `:rank`, `:dim<i>`, `:attributes`, `:attribute:<a>:type` and `:count`, `:type`,
 * `:vsize`, `:begin`.
 */
export interface HeaderFields {
  readonly fields: Readonly<Record<string, Field>>;
  readonly dimensions: readonly string[];
  readonly variables: readonly string[];
}

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 8 };
const pad = (n: number) => Math.ceil(n / 4) * 4;

/** Walks a valid CDF-1 or CDF-2 header and says where each field is. */
export function headerFields(bytes: Uint8Array): HeaderFields {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wide = bytes[3] === 2;
  const fields: Record<string, Field> = {};
  let at = 4;
  const int = (key?: string) => {
    if (key) fields[key] = { offset: at, width: 4 };
    at += 4;
    return view.getInt32(at - 4);
  };
  const name = (prefix: string) => {
    const field: Field = { offset: at, width: 4 };
    const n = int();
    const text = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += pad(n);
    fields[`${prefix}:${text}:name`] = field;
    return `${prefix}:${text}`;
  };
  const list = (key: string, entry: () => void) => {
    int(); // the list's tag
    const n = int(key);
    for (let i = 0; i < n; i++) entry();
  };
  const attributes = (prefix: string, count: string) =>
    list(count, () => {
      const key = name(prefix);
      const type = int(`${key}:type`);
      const count = int(`${key}:count`);
      at += pad(count * TYPE_SIZES[type]!);
    });
  int('numrecs');
  const dimensions: string[] = [];
  list('dimensions', () => {
    const key = name('dimension');
    dimensions.push(key.slice('dimension:'.length));
    int(`${key}:length`);
  });
  attributes('attribute', 'attributes');
  const variables: string[] = [];
  list('variables', () => {
    const key = name('variable');
    variables.push(key.slice('variable:'.length));
    const rank = int(`${key}:rank`);
    for (let i = 0; i < rank; i++) int(`${key}:dim${i}`);
    attributes(`${key}:attribute`, `${key}:attributes`);
    int(`${key}:type`);
    int(`${key}:vsize`);
    fields[`${key}:begin`] = { offset: at, width: wide ? 8 : 4 };
    at += wide ? 8 : 4;
  });
  return { fields, dimensions, variables };
}

/** A copy of `bytes` with one field set (a 64-bit field takes any safe integer, negative ones included). */
export function withField(bytes: Uint8Array, field: Field, value: number): Buffer {
  const out = Buffer.from(bytes);
  if (field.width === 4) out.writeUInt32BE(value >>> 0, field.offset);
  else out.writeBigInt64BE(BigInt(value), field.offset);
  return out;
}

/** A copy of a CDF-2 file with the first values of a float variable replaced (its data are lies, not its header). */
export function withFloats(bytes: Uint8Array, variable: string, values: readonly number[]): Buffer {
  const begin = headerFields(bytes).fields[`variable:${variable}:begin`]!;
  const at = Number(Buffer.from(bytes.subarray(begin.offset, begin.offset + 8)).readBigInt64BE());
  const out = Buffer.from(bytes);
  values.forEach((v, i) => out.writeFloatBE(v, at + 4 * i));
  return out;
}

/**
 * A CDF-2 file cut to `count` steps of its `time` dimension from step `first`, laid out anew: `time`
 * as a fixed dimension, or as the record (unlimited) dimension with each step one record.
 */
export function cutTimes(
  bytes: Uint8Array,
  cut: { readonly first: number; readonly count: number; readonly record: boolean },
): Buffer {
  const { fields, variables, dimensions } = headerFields(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const get = (key: string) => view.getInt32(fields[key]!.offset);
  const lengths = dimensions.map((d) => get(`dimension:${d}:length`));
  const time = dimensions.indexOf('time');
  const vars = variables.map((v) => {
    const ids = Array.from({ length: get(`variable:${v}:rank`) }, (_, i) => get(`variable:${v}:dim${i}`));
    const begin = Number(view.getBigInt64(fields[`variable:${v}:begin`]!.offset));
    const perStep = ids
      .filter((id) => id !== time)
      .reduce((n, id) => n * lengths[id]!, TYPE_SIZES[get(`variable:${v}:type`)]!);
    return { v, begin, perStep, timed: ids[0] === time };
  });
  const headerEnd = Math.min(...vars.map((x) => x.begin));
  const out = Buffer.from(bytes.subarray(0, headerEnd));
  out.writeInt32BE(cut.record ? 0 : cut.count, fields[`dimension:time:length`]!.offset);
  out.writeInt32BE(cut.record ? cut.count : 0, fields.numrecs!.offset);
  const parts: Uint8Array[] = [out];
  let at = headerEnd;
  const place = (x: (typeof vars)[number], vsize: number, begin: number) => {
    out.writeInt32BE(vsize, fields[`variable:${x.v}:vsize`]!.offset);
    out.writeBigInt64BE(BigInt(begin), fields[`variable:${x.v}:begin`]!.offset);
  };
  const padded = (data: Uint8Array) => Buffer.concat([data, Buffer.alloc(pad(data.length) - data.length)]);
  for (const x of vars.filter((y) => !y.timed || !cut.record)) {
    const data = x.timed
      ? bytes.subarray(x.begin + cut.first * x.perStep, x.begin + (cut.first + cut.count) * x.perStep)
      : bytes.subarray(x.begin, x.begin + x.perStep);
    place(x, pad(data.length), at);
    parts.push(padded(data));
    at += pad(data.length);
  }
  const records = cut.record ? vars.filter((y) => y.timed) : [];
  let offset = 0;
  for (const x of records) {
    place(x, pad(x.perStep), at + offset);
    offset += pad(x.perStep);
  }
  for (let step = cut.first; step < cut.first + cut.count; step++)
    for (const x of records)
      parts.push(padded(bytes.subarray(x.begin + step * x.perStep, x.begin + (step + 1) * x.perStep)));
  return Buffer.concat(parts);
}

/** A CDF-2 (64-bit offset) file rewritten as CDF-1: each 8-byte begin becomes 4 bytes, 4 bytes earlier. */
export function asClassic(bytes: Uint8Array): Buffer {
  const { fields, variables } = headerFields(bytes);
  const shift = 4 * variables.length;
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const v of variables) {
    const begin = fields[`variable:${v}:begin`]!;
    parts.push(bytes.subarray(from, begin.offset));
    const four = Buffer.alloc(4);
    four.writeInt32BE(
      Number(Buffer.from(bytes.subarray(begin.offset, begin.offset + 8)).readBigInt64BE()) - shift,
    );
    parts.push(four);
    from = begin.offset + 8;
  }
  parts.push(bytes.subarray(from));
  const out = Buffer.concat(parts);
  out[3] = 1;
  return out;
}
