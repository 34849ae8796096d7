import { GridError } from '../errors.js';
import type { RandomAccess } from '../random-access.js';
import type { AttributeValue } from './raw-dataset.js';

/** Storage types of the classic formats by `nc_type` code (7 to 11 exist only in CDF-5). */
export const NC_TYPES: Readonly<Record<number, { readonly name: string; readonly size: number }>> = {
  1: { name: 'int8', size: 1 },
  2: { name: 'char', size: 1 },
  3: { name: 'int16', size: 2 },
  4: { name: 'int32', size: 4 },
  5: { name: 'float32', size: 4 },
  6: { name: 'float64', size: 8 },
  7: { name: 'uint8', size: 1 },
  8: { name: 'uint16', size: 2 },
  9: { name: 'uint32', size: 4 },
  10: { name: 'int64', size: 8 },
  11: { name: 'uint64', size: 8 },
};

/** A dimension as the header declares it; length 0 marks the record (unlimited) dimension. */
export interface ClassicDimension {
  readonly name: string;
  readonly length: number;
}

/** A variable as the header declares it (nothing checked yet against the data part of the file). */
export interface ClassicVariableEntry {
  readonly name: string;
  readonly dimIds: readonly number[];
  readonly attributes: Record<string, AttributeValue>;
  readonly ncType: number;
  readonly vsize: number;
  readonly begin: number;
}

/** A classic header: every count and length in it fits in the file it came from. */
export interface ClassicHeader {
  /** 1 (classic), 2 (64-bit offset) or 5 (64-bit data, CDF-5). */
  readonly version: 1 | 2 | 5;
  /** The record count, or `null` for a streaming file (records up to the end of the file). */
  readonly numrecs: number | null;
  readonly dimensions: readonly ClassicDimension[];
  readonly attributes: Record<string, AttributeValue>;
  readonly variables: readonly ClassicVariableEntry[];
  /** The byte where the header ends: no variable's data may begin before it. */
  readonly length: number;
}

/** The most a name may take (netCDF's `NC_MAX_NAME`). */
const MAX_NAME = 256;
/** The most dimensions one variable may have (netCDF's `NC_MAX_VAR_DIMS`). */
const MAX_RANK = 1024;
/** The most entries of one list (dimensions, attributes, variables): real files have tens. */
const MAX_ENTRIES = 65_536;
/** The longest header read, and the largest attribute value kept: real ones are kilobytes. */
const MAX_HEADER = 32 * 2 ** 20;
const MAX_ATTRIBUTE = 4 * 2 ** 20;
/**
 * Attributes longer than MAX_ATTRIBUTE bytes, or numeric ones of more values than this, are stepped
 * over unread: no CF attribute is that long, and each value would be a number in a plain array.
 */
const MAX_ATTRIBUTE_VALUES = 65_536;
const CHUNK = 1 << 16;

/** List tags, and the fewest header bytes one entry takes (CDF-1, CDF-2, CDF-5): a count must fit in what is left. */
const LISTS = {
  dimension: { tag: 10, minBytes: { 1: 12, 2: 12, 5: 20 } },
  variable: { tag: 11, minBytes: { 1: 32, 2: 36, 5: 52 } },
  attribute: { tag: 12, minBytes: { 1: 16, 2: 16, 5: 24 } },
} as const;
const listOf = (kind: keyof typeof LISTS, version: 1 | 2 | 5) => ({
  tag: LISTS[kind].tag,
  minBytes: LISTS[kind].minBytes[version],
});

/**
 * Reads a NetCDF classic, 64-bit-offset or CDF-5 header. A header is untrusted bytes: every count,
 * length and name length in it is checked against the bytes left in the file (and a sane bound)
 * before anything is allocated from it, so a 7 KB file claiming 2^31 dimensions, a name of 4 GB or an
 * attribute of 2^40 values is a `GRID_FORMAT` error naming the field, not an allocation. Bytes are read
 * a chunk at a time, never the whole file.
 */
export function readClassicHeader(access: RandomAccess, name: string): ClassicHeader {
  const r = new HeaderReader(access, name);
  const magic = r.bytes(4, 'the magic number');
  if (magic[0] !== 0x43 || magic[1] !== 0x44 || magic[2] !== 0x46)
    throw r.bad('it does not start with "CDF"');
  const version = magic[3];
  if (version !== 1 && version !== 2 && version !== 5)
    throw r.bad(`its format version byte is ${version}; NetCDF classic has 1, 2 or 5`);
  r.wide = version === 5;
  const rawRecords = r.wide ? r.u64('the record count') : r.u32();
  const numrecs =
    rawRecords === (r.wide ? -1 : 0xffffffff) ? null : r.nonNegative(rawRecords, 'the record count');
  r.version = version;
  const dimensions = readList(r, 'dimensions', listOf('dimension', version), () => {
    const dimName = r.name('a dimension name');
    return { name: dimName, length: r.size(`the length of dimension "${dimName}"`) };
  });
  if (dimensions.filter((d) => d.length === 0).length > 1)
    throw r.bad('it declares more than one record (unlimited) dimension');
  const attributes = readAttributes(r, 'global attributes');
  const variables = readList(r, 'variables', listOf('variable', version), () => readVariable(r, version));
  return { version, numrecs, dimensions, attributes, variables, length: r.pos };
}

function readVariable(r: HeaderReader, version: 1 | 2 | 5): ClassicVariableEntry {
  const varName = r.name('a variable name');
  const what = `variable "${varName}"`;
  const rank = r.count(`the dimension count of ${what}`, r.wide ? 8 : 4, MAX_RANK);
  const dimIds: number[] = [];
  for (let i = 0; i < rank; i++) dimIds.push(r.size(`dimension id ${i} of ${what}`));
  const attributes = readAttributes(r, `the attributes of ${what}`);
  const ncType = r.type(what);
  // vsize is unsigned in CDF-1 and CDF-2: 2^32 - 1 stands for "too large for 32 bits".
  const vsize = r.wide ? r.nonNegative(r.u64(`the vsize of ${what}`), `the vsize of ${what}`) : r.u32();
  const begin =
    version === 1
      ? r.nonNegative(r.i32(), `the begin offset of ${what}`)
      : r.nonNegative(r.u64(`the begin offset of ${what}`), `the begin offset of ${what}`, true);
  return { name: varName, dimIds, attributes, ncType, vsize, begin };
}

function readAttributes(r: HeaderReader, what: string): Record<string, AttributeValue> {
  // No prototype: an attribute a file names `__proto__` is an attribute like any other.
  const out = Object.create(null) as Record<string, AttributeValue>;
  const entries = readList(r, what, listOf('attribute', r.version), () => {
    const attrName = r.name(`an attribute name in ${what}`);
    return [attrName, readAttributeValue(r, `attribute "${attrName}" in ${what}`)] as const;
  });
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

/** An attribute's value; `undefined` for a numeric one too long to be a CF attribute (skipped). */
function readAttributeValue(r: HeaderReader, what: string): AttributeValue | undefined {
  const ncType = r.type(what);
  const { size } = NC_TYPES[ncType]!;
  const n = r.count(`the value count of ${what}`, size, Number.MAX_SAFE_INTEGER);
  if (n * size > MAX_ATTRIBUTE || (ncType !== 2 && n > MAX_ATTRIBUTE_VALUES)) {
    r.skip(pad(n * size), what);
    return undefined;
  }
  const bytes = r.bytes(n * size, what);
  r.skip(pad(n * size) - n * size, what);
  if (ncType === 2) return new TextDecoder().decode(bytes).replace(/\0+$/, '');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(readNumber(view, ncType, i * size));
  return values.length === 1 ? values[0]! : values;
}

function readNumber(view: DataView, ncType: number, at: number): number {
  switch (ncType) {
    case 1:
      return view.getInt8(at);
    case 3:
      return view.getInt16(at);
    case 4:
      return view.getInt32(at);
    case 5:
      return view.getFloat32(at);
    case 6:
      return view.getFloat64(at);
    case 7:
      return view.getUint8(at);
    case 8:
      return view.getUint16(at);
    case 9:
      return view.getUint32(at);
    case 10:
      return Number(view.getBigInt64(at));
    default:
      return Number(view.getBigUint64(at));
  }
}

/** A list of the header: ABSENT (two zeros) or its tag, a count and the entries. */
function readList<T>(
  r: HeaderReader,
  what: string,
  list: { readonly tag: number; readonly minBytes: number },
  entry: () => T,
): T[] {
  const found = r.u32();
  if (found === 0) {
    const n = r.wide ? r.u64(`the count of ${what}`) : r.u32();
    if (n !== 0) throw r.bad(`the list of ${what} is marked absent but counts ${n} entries`);
    return [];
  }
  if (found !== list.tag) throw r.bad(`the list of ${what} has tag ${found | 0}, not ${list.tag}`);
  const minBytes = list.minBytes;
  const n = r.count(`the count of ${what}`, minBytes, MAX_ENTRIES);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(entry());
  return out;
}

const pad = (n: number) => Math.ceil(n / 4) * 4;

/** Reads the header's big-endian fields a chunk at a time, each checked against the file before use. */
class HeaderReader {
  pos = 0;
  version: 1 | 2 | 5 = 1;
  /** CDF-5: counts, lengths and sizes are 64-bit. */
  wide = false;
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkStart = 0;

  constructor(
    private readonly access: RandomAccess,
    private readonly source: string,
  ) {}

  bad(message: string): GridError {
    return new GridError('GRID_FORMAT', `${this.source}: not a valid NetCDF classic header: ${message}`, {
      context: { source: this.source },
    });
  }

  /** The next `n` bytes (a view while they lie in the current chunk). */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const at = this.pos - this.chunkStart;
    if (at + n > this.chunk.length) {
      this.chunk = this.access.read(this.pos, Math.max(n, CHUNK));
      this.chunkStart = this.pos;
      return this.bytes(n, what);
    }
    this.pos += n;
    return this.chunk.subarray(at, at + n);
  }

  /** Steps over `n` bytes without reading them. */
  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  u32(): number {
    const b = this.bytes(4, 'a 32-bit field');
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  i32(): number {
    return this.u32() | 0;
  }

  /** A 64-bit field as a number: -1 for all ones (the streaming marker), else it must be a safe integer. */
  u64(what: string): number {
    const hi = this.u32();
    const lo = this.u32();
    if (hi === 0xffffffff && lo === 0xffffffff) return -1;
    const value = hi * 2 ** 32 + lo;
    if (value > Number.MAX_SAFE_INTEGER) throw this.bad(`${what} is ${BigInt(hi) * 2n ** 32n + BigInt(lo)}`);
    return value;
  }

  /**
   * A NON_NEG field: 31 bits in CDF-1 and CDF-2 (a 32-bit field past 2^31 is a negative number written
   * as one), 63 in CDF-5 and in 64-bit offsets (where -1 is all ones).
   */
  nonNegative(value: number, what: string, wideField = this.wide): number {
    if (value < 0 || (!wideField && value > 0x7fffffff))
      throw this.bad(`${what} is ${wideField ? value : value | 0}, not a size`);
    return value;
  }

  /** A dimension length or id (NON_NEG). */
  size(what: string): number {
    return this.nonNegative(this.wide ? this.u64(what) : this.u32(), what);
  }

  /** A count of things each taking at least `minBytes` of the header: it must fit in what is left. */
  count(what: string, minBytes: number, max: number): number {
    const n = this.size(what);
    const left = this.access.size - this.pos;
    if (n * minBytes > left)
      throw this.bad(`${what} is ${n}, which needs at least ${n * minBytes} bytes, and ${left} are left`);
    if (n > max)
      throw new GridError('GRID_UNSUPPORTED', `${this.source}: ${what} is ${n}; at most ${max} are read`, {
        context: { source: this.source },
      });
    return n;
  }

  name(what: string): string {
    const n = this.size(`the length of ${what}`);
    if (n === 0 || n > MAX_NAME)
      throw this.bad(`${what} is ${n} bytes long; names take 1 to ${MAX_NAME} bytes`);
    const text = new TextDecoder().decode(this.bytes(n, what));
    this.skip(pad(n) - n, what);
    return text;
  }

  type(what: string): number {
    const code = this.u32();
    if (!NC_TYPES[code] || (code > 6 && !this.wide))
      throw this.bad(`${what} has type code ${code | 0}; valid codes are 1 to ${this.wide ? 11 : 6}`);
    return code;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.access.size)
      throw this.bad(
        `${what} at byte ${this.pos} runs past the end of the file (${this.access.size} bytes): it is cut short`,
      );
    if (this.pos + n > MAX_HEADER)
      throw new GridError(
        'GRID_UNSUPPORTED',
        `${this.source}: its header is longer than ${MAX_HEADER} bytes, the most that is read`,
        { context: { source: this.source } },
      );
  }
}
