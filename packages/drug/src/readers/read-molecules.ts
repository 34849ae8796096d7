import { DelimitedRows, readDelimited, type DelimitedOptions } from './delimited.js';
import { checkLimits, type ReaderLimits } from './limits.js';
import type { LineRecords, MoleculeRecord, TextSource } from './record.js';
import { readSdf, SdfRecords, type SdfOptions } from './sdf.js';
import { unpackInput } from './unpack.js';

/** The molecule file formats Strata reads (each also gzip-compressed). */
export type MoleculeFormat = 'smiles' | 'csv' | 'tsv' | 'sdf';

/** Options of {@link readMolecules}: the format, the columns, and the limits an input is held to. */
export interface ReadMoleculesOptions extends Omit<DelimitedOptions, 'format'>, SdfOptions, ReaderLimits {
  /** The format. @defaultValue from `name`'s extension, else sniffed from the content */
  readonly format?: MoleculeFormat;
  /** The file name, for its extension (`.smi`, `.csv`, `.tsv`, `.sdf`, `.sd`, `.mol`, each maybe `.gz`). */
  readonly name?: string;
  /** Stops the reading (a decompression within one chunk) with `ABORTED`. */
  readonly signal?: AbortSignal;
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

/**
 * Reads molecules from SMILES, CSV, TSV or SD text or bytes, gzip-compressed or not, as a stream of
 * records that keep their line or record number. The format comes from `format`, the file name or the
 * content; UTF-16 text with a byte-order mark is read too. The input is held to the limits of
 * {@link ReaderLimits}: a gzip input past a decompression limit throws `READER_LIMIT` naming it, a
 * corrupt gzip stream or an archive Strata does not read throws `READER_FORMAT`, and a line or record
 * that cannot be read is a record with its `error`.
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
  checkLimits(options);
  const { chunks, head } = await unpackInput(source, options);
  const format = options.format ?? (options.name ? formatOfName(options.name) : null) ?? sniffFormat(head);
  yield* format === 'sdf' ? readSdf(chunks, options) : readDelimited(chunks, { ...options, format });
}

/** A line-at-a-time reader of a format: what {@link readMolecules} runs, for a reader of byte ranges. */
export function lineRecords(format: MoleculeFormat, options: ReadMoleculesOptions = {}): LineRecords {
  return format === 'sdf' ? new SdfRecords(options) : new DelimitedRows({ ...options, format });
}
