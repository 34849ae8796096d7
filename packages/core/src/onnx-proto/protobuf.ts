import { concatBytes } from '../bytes.js';

/**
 * The few protobuf primitives needed to write ONNX models and to rewrite a handful of their fields,
 * without a code generator or a schema at run time. Wire format: https://protobuf.dev/programming-guides/encoding/
 */

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

/** Appends protobuf fields to a growing buffer. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    return this;
  }

  private key(field: number, wire: number): this {
    return this.rawVarint(BigInt(field * 8 + wire));
  }

  private rawVarint(value: bigint): this {
    // Negative int64 values are written as their 64-bit two's complement, as protobuf requires.
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return this.push(Uint8Array.from(out));
  }

  /** An int32/int64/enum/bool field. */
  varint(field: number, value: number | bigint): this {
    return this.key(field, VARINT).rawVarint(BigInt(value));
  }

  /** A 32-bit float field. */
  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.key(field, FIXED32).push(b);
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    return this.key(field, LEN).rawVarint(BigInt(value.length)).push(value);
  }

  /** A string field. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message field. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** The encoded bytes. */
  finish(): Uint8Array {
    return concatBytes(this.chunks);
  }
}

/** One field of an encoded message, as found on the wire. */
export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  /** The varint's value for wire type 0, otherwise the payload bytes. */
  readonly value: bigint | Uint8Array;
  /** The field's complete encoding (key included), to copy unchanged. */
  readonly raw: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** Splits an encoded message into its top-level fields. */
export function readFields(buf: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [key, afterKey] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: bigint | Uint8Array;
    if (wire === VARINT) {
      [value, pos] = readVarint(buf, afterKey);
    } else if (wire === LEN) {
      const [len, afterLen] = readVarint(buf, afterKey);
      pos = afterLen + Number(len);
      value = buf.subarray(afterLen, pos);
    } else if (wire === FIXED64 || wire === FIXED32) {
      pos = afterKey + (wire === FIXED64 ? 8 : 4);
      value = buf.subarray(afterKey, pos);
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
    if (pos > buf.length) throw new Error('truncated protobuf message');
    fields.push({ field, wire, value, raw: buf.subarray(start, pos) });
  }
  return fields;
}

/**
 * Re-encodes a message, letting `edit` replace any top-level field: return the field's new complete
 * encoding, or `undefined` to keep it as it was.
 */
export function rewriteFields(buf: Uint8Array, edit: (f: ProtoField) => Uint8Array | undefined): Uint8Array {
  return concatBytes(readFields(buf).map((f) => edit(f) ?? f.raw));
}

/** Replaces the payload of a length-delimited field, keeping its field number. */
export function withPayload(f: ProtoField, payload: Uint8Array): Uint8Array {
  return new ProtoWriter().bytes(f.field, payload).finish();
}
