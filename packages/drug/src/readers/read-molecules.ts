import { DrugError } from '../errors.js';
import { DelimitedRows, readDelimited, type DelimitedOptions } from './delimited.js';
import { gunzip, isGzip, type LineRecords, type MoleculeRecord, type TextSource } from './record.js';
import { readSdf, SdfRecords, type SdfOptions } from './sdf.js';

/** The molecule file formats Strata reads (each also gzip-compressed). */
export type MoleculeFormat = 'smiles' | 'csv' | 'tsv' | 'sdf';

/** Options of {@link readMolecules}. */
export interface ReadMoleculesOptions extends Omit<DelimitedOptions, 'format'>, SdfOptions {
  /** The format. @defaultValue from `name`'s extension, else sniffed from the content */
  readonly format?: MoleculeFormat;
  /** The file name, for its extension (`.smi`, `.csv`, `.tsv`, `.sdf`, `.sd`, `.mol`, each maybe `.gz`). */
  readonly name?: string;
}

const EXTENSIONS: Readonly<Record<string, MoleculeFormat>> = {
  smi: 'smiles',
  smiles: 'smiles',
  ism: 'smiles',
  txt: 'smiles',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  sdf: 'sdf',
  sd: 'sdf',
  mol: 'sdf',
};

/** The format a file name says, or null. */
export function formatOfName(name: string): MoleculeFormat | null {
  const ext = /\.([a-z]+)(\.gz)?$/i.exec(name)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || null;
}

/** The format the start of a file's text says (SD, TSV or CSV with a SMILES column, else SMILES). */
export function sniffFormat(head: string): MoleculeFormat {
  if (/^M {2}END|V[23]000|^\$\$\$\$/m.test(head)) return 'sdf';
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  if (/smiles/i.test(first) && first.includes('\t')) return 'tsv';
  if (/smiles/i.test(first) && first.includes(',')) return 'csv';
  return 'smiles';
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/**
 * Reads molecules from SMILES, CSV, TSV or SD text or bytes, gzip-compressed or not, as a stream of
 * records that keep their line or record number. The format comes from `format`, the file name or the
 * content. A corrupt gzip stream throws `READER_FORMAT`.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * for await (const r of readMolecules(createReadStream('library.sdf.gz'), { name: 'library.sdf.gz' })) {
 *   console.log(r.position, r.id);
 * }
 * ```
 */
export async function* readMolecules(
  source: TextSource,
  options: ReadMoleculesOptions = {},
): AsyncGenerator<MoleculeRecord> {
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source);
  const head = await it.next();
  if (head.done) return;
  let chunks: AsyncIterable<Uint8Array | string> = prepend(head.value, it);
  const bytes = typeof head.value === 'string' ? null : head.value;
  if (bytes && isGzip(bytes)) chunks = gunzipChecked(chunks);
  const peeked = await peekText(chunks);
  const format =
    options.format ?? (options.name ? formatOfName(options.name) : null) ?? sniffFormat(peeked.text);
  yield* format === 'sdf'
    ? readSdf(peeked.chunks, options)
    : readDelimited(peeked.chunks, { ...options, format });
}

/** A line-at-a-time reader of a format: what {@link readMolecules} runs, for a reader of byte ranges. */
export function lineRecords(format: MoleculeFormat, options: ReadMoleculesOptions = {}): LineRecords {
  return format === 'sdf' ? new SdfRecords(options) : new DelimitedRows({ ...options, format });
}

async function* toAsync<T>(source: Iterable<T>): AsyncGenerator<T> {
  yield* source;
}

/** Decompresses gzip bytes; a corrupt or truncated stream throws `READER_FORMAT`. */
export async function* gunzipChecked(source: TextSource): AsyncGenerator<Uint8Array> {
  try {
    yield* gunzip(source);
  } catch (err) {
    throw new DrugError(
      'READER_FORMAT',
      `the gzip stream is corrupt or truncated: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/** The first chunk's text (for sniffing), and the stream with that chunk put back. */
async function peekText(
  chunks: AsyncIterable<Uint8Array | string>,
): Promise<{ text: string; chunks: AsyncIterable<Uint8Array | string> }> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return { text: '', chunks: toAsync([]) };
  const text =
    typeof first.value === 'string' ? first.value : new TextDecoder().decode(first.value.subarray(0, 4096));
  return { text, chunks: prepend(first.value, it) };
}
