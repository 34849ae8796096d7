import { concatBytes } from '@strata/core';
import { DrugError } from '../errors.js';
import { gunzipLimited, isGzip, type GunzipOptions } from './inflate.js';
import type { TextSource } from './record.js';

/** What {@link unpackInput} made of an input. */
export interface UnpackedInput {
  /** The text's bytes (or the strings it was given). */
  readonly chunks: AsyncIterable<Uint8Array | string>;
  /** Its first 4 KiB as text, to tell the format by. */
  readonly head: string;
  /** What was undone to get the text, in order (`gzip`, `utf-16le`, `utf-16be`); empty for plain UTF-8. */
  readonly steps: readonly UnpackStep[];
}

/** One transformation {@link unpackInput} undid. */
export type UnpackStep = 'gzip' | 'utf-16le' | 'utf-16be';

/** Containers Strata does not read, by their magic numbers: named rather than read as garbage text. */
const UNREAD: readonly { name: string; magic: readonly number[] }[] = [
  { name: 'a zip archive', magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a bzip2 file', magic: [0x42, 0x5a, 0x68] },
  { name: 'an xz file', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'a zstd file', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'a 7-zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/** The text's encoding by its byte-order mark, where it is UTF-16. */
function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** `first`, then the rest; stopping it early stops the rest (a file stream closes, an inflater ends). */
async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    yield first;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest.return?.();
  }
}

async function* toAsync<T>(source: Iterable<T>): AsyncGenerator<T> {
  yield* source;
}

interface Peeked {
  readonly head: Uint8Array | string | null;
  readonly chunks: AsyncIterable<Uint8Array | string>;
  /** Stops the stream peeked at, where it is not read on. */
  readonly close: () => Promise<void>;
}

/** The first `n` bytes (fewer at the end of the input) as one chunk, and the stream with them put back. */
async function peek(source: AsyncIterable<Uint8Array | string>, n: number): Promise<Peeked> {
  const it = source[Symbol.asyncIterator]();
  const close = async () => void (await it.return?.());
  const taken: Uint8Array[] = [];
  let size = 0;
  while (size < n) {
    const next = await it.next();
    if (next.done) break;
    // Strings are text already: nothing to unpack, and their first one is enough to sniff.
    if (typeof next.value === 'string') {
      if (taken.length) throw new TypeError('a text source mixes bytes and strings');
      return { head: next.value, chunks: prepend(next.value, it), close };
    }
    taken.push(next.value);
    size += next.value.length;
  }
  if (!taken.length) return { head: null, chunks: toAsync([]), close };
  const head = taken.length === 1 ? taken[0]! : concatBytes(taken);
  return { head, chunks: prepend(head, it), close };
}

/** Decodes UTF-16 bytes (their mark dropped) to UTF-8 ones, chunk by chunk. */
async function* toUtf8(
  chunks: AsyncIterable<Uint8Array | string>,
  encoding: string,
): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk as Uint8Array, { stream: true });
    if (text) yield encoder.encode(text);
  }
  const rest = decoder.decode();
  if (rest) yield encoder.encode(rest);
}

/**
 * Turns an input's bytes into UTF-8 text bytes: gzip is decompressed within the limits of
 * {@link GunzipOptions} (one layer: gzip inside gzip is refused, so the limits hold for what is read),
 * UTF-16 with a byte-order mark (Excel's "Unicode text") is transcoded, and archives Strata does not
 * read (zip, bzip2, xz, zstd, 7-zip) are refused with `READER_FORMAT` naming them.
 */
export async function unpackInput(source: TextSource, options: GunzipOptions = {}): Promise<UnpackedInput> {
  const steps: UnpackStep[] = [];
  let peeked = await peek(Symbol.asyncIterator in source ? source : toAsync(source), 4096);
  try {
    if (peeked.head instanceof Uint8Array && isGzip(peeked.head)) {
      steps.push('gzip');
      peeked = await peek(gunzipLimited(peeked.chunks as AsyncIterable<Uint8Array>, options), 4096);
      if (peeked.head instanceof Uint8Array && isGzip(peeked.head))
        throw new DrugError(
          'READER_FORMAT',
          'the gzip input holds another gzip file: Strata reads one layer of compression (decompress the outer one)',
        );
    }
    const head = peeked.head;
    if (head instanceof Uint8Array) {
      const unread = UNREAD.find((u) => startsWith(head, u.magic));
      if (unread)
        throw new DrugError(
          'READER_FORMAT',
          `the input is ${unread.name}, which Strata does not read: send the molecule file itself, or gzip it`,
        );
      const encoding = utf16Of(head);
      if (encoding) {
        steps.push(encoding);
        peeked = await peek(toUtf8(peeked.chunks, encoding), 4096);
      }
    }
  } catch (err) {
    await peeked.close();
    throw err;
  }
  const { head, chunks } = peeked;
  const text =
    head === null ? '' : typeof head === 'string' ? head : new TextDecoder().decode(head.subarray(0, 4096));
  return { chunks, head: text, steps };
}
