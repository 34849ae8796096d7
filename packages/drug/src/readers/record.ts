/** One molecule as read from a file, before RDKit has seen it. */
export interface MoleculeRecord {
  /** Where it came from: the 1-based line of a SMILES/CSV file, or the 1-based record of an SDF. */
  readonly position: number;
  /** Its id: the id column, or the SDF title line (null when there is none). */
  readonly id: string | null;
  /** The SMILES, or the molblock of an SDF record. */
  readonly molecule: string;
  /** The other columns of its row, or the data fields of its SDF record. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * A reader fed one line at a time, so that a shard of a file can start at a record boundary: it is
 * told the lines and records before its first (`continueAt`) after it has read the file's header.
 */
export interface LineRecords {
  /** Whether the header (or the first line, which says there is none) has been read. */
  readonly headerRead: boolean;
  /** Numbers the next line `line + 1` and the next record `record + 1`. */
  continueAt(line: number, record: number): void;
  /** The record a line completes, or null. */
  push(line: string): MoleculeRecord | null;
  /** The record the text's end completes, or null; throws where the text ends mid-record. */
  end(): MoleculeRecord | null;
}

/** Text or bytes, arriving in chunks (a file stream, an HTTP body, a string). */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Lines of a chunked text source, without their line ends, decoded as UTF-8 (a leading BOM dropped). */
export async function* linesOf(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    rest += text;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      yield rest.charCodeAt(nl - 1) === 13 ? rest.slice(start, nl - 1) : rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** Whether bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Decompresses a gzip byte stream chunk by chunk (the web-standard DecompressionStream). */
export async function* gunzip(source: TextSource): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const chunk of source)
        await writer.write(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      await writer.close();
    } catch (err) {
      await writer.abort(err);
    }
  })();
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
  } finally {
    reader.releaseLock();
    await pump;
  }
}
