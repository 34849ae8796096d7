import { ByteLines } from './byte-lines.js';
import type { Line } from './limits.js';

/** One molecule as read from a file, before RDKit has seen it. */
export interface MoleculeRecord {
  /** Where it came from: the 1-based line of a SMILES/CSV file, or the 1-based record of an SDF. */
  readonly position: number;
  /** Its id: the id column, or the SDF title line (null when there is none). */
  readonly id: string | null;
  /** The SMILES, or the molblock of an SDF record (empty when `error` says why there is none). */
  readonly molecule: string;
  /** The other columns of its row, or the data fields of its SDF record. */
  readonly fields: Readonly<Record<string, string>>;
  /**
   * Why no molecule could be taken from this line or record (a line over the length limit, a quote
   * that never closes, a NUL byte): the record stands for it, so that it becomes an error row and
   * nothing is lost silently. Absent on a record that was read.
   */
  readonly error?: string;
}

/** A record that stands for a line or record the reader could not read, with the reason. */
export function errorRecord(position: number, error: string, id: string | null = null): MoleculeRecord {
  return { position, id, molecule: '', fields: {}, error };
}

/**
 * Takes each record a reader completes, with the `end` its caller gave with the record's last line
 * and that line's number: where a shard could start after it.
 */
export type RecordSink = (record: MoleculeRecord, end: number, line: number) => void;

/**
 * A reader fed one line at a time, so that a shard of a file can start at a record boundary: it is
 * told the lines and records before its first (`continueAt`) after it has read the file's header.
 */
export interface LineRecords {
  /** Whether the header (or the first line, which says there is none) has been read. */
  readonly headerRead: boolean;
  /** Numbers the next line `line + 1` and the next record `record + 1`. */
  continueAt(line: number, record: number): void;
  /**
   * Reads the next line; gives `sink` each record it completes (usually none or one; more where a
   * row given up, such as one whose quote never closes, has its lines read again as rows).
   * `end` is the caller's mark for the line (a shard planner's byte offset after it), handed back
   * with the records it ends.
   */
  push(line: Line, end: number, sink: RecordSink): void;
  /**
   * Gives `sink` the records the text's end completes (the last of them with `textEnd`, the caller's
   * mark for the end); throws where nothing can be recovered.
   */
  end(textEnd: number, sink: RecordSink): void;
}

/** Text or bytes, arriving in chunks (a file stream, an HTTP body, a string). */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * The records of a chunked text source, read by `reader` line by line: {@link ByteLines}' very lines
 * (LF, CRLF or a lone CR ends one, UTF-8, the file's leading byte-order marks dropped), so that a
 * reader of byte ranges sees what a reader of the whole text sees. Records come out a chunk at a time.
 */
export async function* recordsOf(
  source: TextSource,
  reader: LineRecords,
  options: { readonly maxLineBytes?: number } = {},
): AsyncGenerator<MoleculeRecord> {
  const lines = new ByteLines(options);
  const encoder = new TextEncoder();
  const out: MoleculeRecord[] = [];
  const sink: RecordSink = (record) => void out.push(record);
  const onLine = (line: Line, end: number) => reader.push(line, end, sink);
  // A string chunk may end between the two halves of a surrogate pair: the high half waits.
  let high = '';
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      let text = high + chunk;
      high = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) [text, high] = [text.slice(0, -1), text.slice(-1)];
      lines.feed(encoder.encode(text), onLine);
    } else lines.feed(chunk, onLine);
    if (out.length) {
      for (const record of out) yield record;
      out.length = 0;
    }
  }
  if (high) lines.feed(encoder.encode(high), onLine);
  lines.flush(onLine);
  reader.end(lines.offset, sink);
  yield* out;
}
