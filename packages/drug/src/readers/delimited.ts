import { DrugError } from '../errors.js';
import { bytesText, limitOf, type Line, type RecordLimits } from './limits.js';
import {
  errorRecord,
  recordsOf,
  type LineRecords,
  type MoleculeRecord,
  type RecordSink,
  type TextSource,
} from './record.js';

/** Options of {@link readDelimited}. */
export interface DelimitedOptions extends Pick<RecordLimits, 'maxLineBytes'> {
  /**
   * `smiles`: whitespace-separated `SMILES id ...`, a header line only when its first word is "smiles";
   * `csv` and `tsv`: a header row, RFC 4180 quoting. @defaultValue `'smiles'`
   */
  readonly format?: 'smiles' | 'csv' | 'tsv';
  /** The SMILES column (name or 0-based index). @defaultValue the first column named like "smiles", else column 0 of a .smi file */
  readonly smilesColumn?: string | number;
  /** The id column (name or 0-based index). @defaultValue the first column named like "id" or "name", else column 1 of a .smi file */
  readonly idColumn?: string | number;
  /**
   * Whether the first line is a header (without one, columns are numbered from 0).
   * @defaultValue `true` for CSV and TSV; for SMILES, whether the first word is "smiles"
   */
  readonly header?: boolean;
}

const SMILES_NAMES = ['smiles', 'canonical_smiles', 'isomeric_smiles', 'smi'];
const ID_NAMES = ['id', 'mol_id', 'compound id', 'compound_id', 'name', 'title', 'chembl_id', 'zinc_id'];

/** Splits one CSV/TSV line, or reports an open quote (the row goes on over the next line). */
function splitRow(line: string, sep: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = line.indexOf(sep, i);
      out.push(value + (next < 0 ? line.slice(i) : line.slice(i, next)));
      if (next < 0) return out;
      i = next + 1;
    } else {
      const next = line.indexOf(sep, i);
      if (next < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
  }
}

function columnIndex(
  header: readonly string[],
  wanted: string | number | undefined,
  names: readonly string[],
  what: string,
): number {
  if (typeof wanted === 'number') {
    if (!Number.isInteger(wanted) || wanted < 0 || (header.length && wanted >= header.length))
      throw new DrugError(
        'COLUMN_NOT_FOUND',
        `the ${what} column ${wanted} is not one of 0..${header.length - 1}`,
        {
          context: { input: String(wanted), available: header },
        },
      );
    return wanted;
  }
  const lower = header.map((h) => h.trim().toLowerCase());
  const i =
    wanted === undefined ? lower.findIndex((h) => names.includes(h)) : lower.indexOf(wanted.toLowerCase());
  if (i < 0 && (wanted !== undefined || what === 'SMILES')) {
    throw new DrugError(
      'COLUMN_NOT_FOUND',
      `no ${what} column${wanted === undefined ? '' : ` "${wanted}"`}: the columns are ${header.join(', ')}`,
      { context: { input: wanted === undefined ? what : String(wanted), available: header } },
    );
  }
  return i;
}

/**
 * Whether a CSV/TSV line ends inside a quoted field, scanning it as {@link splitRow} would, from
 * inside a quote when `quoted`. A row open over many lines is scanned once, line by line: re-splitting
 * all its text on every line was quadratic in the row's length.
 */
function endsQuoted(line: string, sep: string, quoted: boolean): boolean {
  let i = 0;
  for (;;) {
    if (quoted) {
      const q = line.indexOf('"', i);
      if (q < 0) return true;
      if (line[q + 1] === '"') {
        i = q + 2;
        continue;
      }
      quoted = false;
      i = q + 1;
    } else if (line[i] === '"') {
      quoted = true;
      i++;
      continue;
    }
    // Outside quotes a field runs to the next separator, its quotes taken literally.
    const next = line.indexOf(sep, i);
    if (next < 0) return false;
    i = next + 1;
  }
}

/** A line kept while a quoted field goes on: its text, the caller's mark and its number. */
type HeldLine = { readonly text: string; readonly end: number; readonly line: number };

/**
 * Reads SMILES, CSV or TSV rows one line at a time: the state of {@link readDelimited}, kept apart so
 * that a shard of a file can start at any line after the header (see `continueAt`). Linear in its
 * input whatever the quoting: each line is scanned once, and a row whose quote stays open past
 * `maxLineBytes` (or to the end of the text) is given up: an error row at its first line, its other
 * lines read once more as rows of their own. Those lines were scanned inside a quote, so none of them
 * can open one again: no line is read more than twice.
 */
export class DelimitedRows implements LineRecords {
  private readonly format: 'smiles' | 'csv' | 'tsv';
  private readonly sep: string;
  private readonly maxLineBytes: number;
  private header: string[] | null = null;
  private smilesAt = 0;
  private idAt = -1;
  private lineNo = 0;
  /** The lines of a row whose quoted field goes on, and their length with the line ends. */
  private held: HeldLine[] = [];
  private heldChars = 0;

  constructor(private readonly options: DelimitedOptions = {}) {
    this.format = options.format ?? 'smiles';
    this.sep = this.format === 'tsv' ? '\t' : ',';
    this.maxLineBytes = limitOf(options, 'maxLineBytes');
  }

  /** Whether the header (or the first line, which decides there is none) has been read. */
  get headerRead(): boolean {
    return this.header !== null;
  }

  /** Numbers the next line `line + 1` (a row's number is its line): a shard that starts between two rows. */
  continueAt(line: number): void {
    this.lineNo = line;
  }

  /** Reads a line: gives `sink` the row it ends (none for a header, a blank line, a row going on). */
  push(line: Line, end: number, sink: RecordSink): void {
    this.take({ text: typeof line === 'string' ? line : '', end, line: ++this.lineNo }, line, sink);
  }

  /** Gives up a row whose quoted field is still open: an error row and its other lines as rows. */
  end(_textEnd: number, sink: RecordSink): void {
    while (this.held.length) this.giveUp(sink);
  }

  private take(at: HeldLine, line: Line, sink: RecordSink): void {
    const unreadable =
      typeof line !== 'string'
        ? `line ${at.line} is ${bytesText(line.bytes)} long, over the limit of ${bytesText(this.maxLineBytes)} (maxLineBytes)`
        : line.includes('\0')
          ? `line ${at.line} holds a NUL byte: is this a binary file?`
          : null;
    if (unreadable) {
      if (this.held.length) this.giveUp(sink);
      this.unreadable(at, unreadable, sink);
      return;
    }
    const cells = this.cellsOf(at, sink);
    if (!cells) return;
    const first = cells.first;
    if (!this.header && this.readHeader(cells.cells)) return;
    const smiles = cells.cells[this.smilesAt]?.trim();
    if (!smiles) return;
    const fields: Record<string, string> = {};
    const header = this.header!;
    cells.cells.forEach((c, i) => {
      if (i !== this.smilesAt && i !== this.idAt) fields[header[i] ?? String(i)] = c;
    });
    const id = this.idAt >= 0 ? (cells.cells[this.idAt]?.trim() ?? null) || null : null;
    sink({ position: first, id, molecule: smiles, fields }, at.end, at.line);
  }

  /** A line with no row to take: an error row (`reason` and `more`), or a failure where it is the header. */
  private unreadable(at: HeldLine, reason: string, sink: RecordSink, more = ''): void {
    if (!this.header) {
      // A CSV/TSV file's first line is its header, and no row can be read without it.
      if (this.options.header ?? this.format !== 'smiles')
        throw new DrugError('READER_FORMAT', `${reason} (the header)`, {
          context: { record: at.line },
        });
      this.readHeader(null);
    }
    sink(errorRecord(at.line, reason + more), at.end, at.line);
  }

  /** The cells of a row and its first line, or null while a quoted field goes on over the next line. */
  private cellsOf(at: HeldLine, sink: RecordSink): { cells: string[]; first: number } | null {
    const { text } = at;
    if (this.format === 'smiles') return { cells: text.trim().split(/[ \t]+/), first: at.line };
    const open = this.held.length > 0;
    const quoted = endsQuoted(text, this.sep, open);
    // `endsQuoted` scans quotes as `splitRow` does: a row it calls closed splits.
    if (!open && !quoted) return { cells: splitRow(text, this.sep)!, first: at.line };
    this.held.push(at);
    this.heldChars += text.length + 1;
    if (this.heldChars > this.maxLineBytes) {
      this.giveUp(sink);
      return null;
    }
    if (quoted) return null;
    const first = this.held[0]!.line;
    const row = this.held.map((h) => h.text).join('\n');
    this.held = [];
    this.heldChars = 0;
    return { cells: splitRow(row, this.sep)!, first };
  }

  /**
   * The held row's quote never closes (within the limit, or before the text ends): its first line is
   * an error row and the lines after it are read again, each as a row (see the class comment).
   */
  private giveUp(sink: RecordSink): void {
    const [first, ...rest] = this.held;
    this.held = [];
    this.heldChars = 0;
    const reason =
      `line ${first!.line}: a quoted field opens here and is not closed within ` +
      `${bytesText(this.maxLineBytes)} (maxLineBytes) or before the end`;
    this.unreadable(first!, reason, sink, '; the lines after it are read as rows');
    for (const h of rest) this.take(h, h.text, sink);
  }

  /**
   * Takes the first row as the header or as numbered columns; true when the row was the header.
   * `null`: the first line could not be read, so a SMILES file has no header.
   */
  private readHeader(cells: string[] | null): boolean {
    const { options, format } = this;
    const isHeader =
      cells !== null &&
      (options.header ?? (format !== 'smiles' || SMILES_NAMES.includes(cells[0]!.toLowerCase())));
    if (isHeader || options.smilesColumn !== undefined || options.idColumn !== undefined) {
      this.header = isHeader ? cells : (cells ?? []).map((_, i) => String(i));
      this.smilesAt = columnIndex(
        this.header,
        options.smilesColumn ?? (isHeader ? undefined : 0),
        SMILES_NAMES,
        'SMILES',
      );
      this.idAt = columnIndex(this.header, options.idColumn ?? (isHeader ? undefined : 1), ID_NAMES, 'id');
      return isHeader;
    }
    this.header = ['smiles', 'id'];
    this.idAt = 1;
    return false;
  }
}

/**
 * Reads molecules from SMILES, CSV or TSV text, streaming: one record per row, with its line number,
 * id and the other columns. Rows with an empty SMILES cell are skipped (blank lines, trailing rows). A
 * line that cannot be read (longer than `maxLineBytes`, holding a NUL byte, opening a quote that never
 * closes) is a record with an `error` and no molecule, so a screen shows it as a failed row. Throws
 * `COLUMN_NOT_FOUND` when the SMILES column cannot be found, and `READER_FORMAT` when the header of a
 * CSV/TSV file cannot be read.
 *
 * @example
 * ```ts
 * for await (const r of readDelimited(['smiles,name\nCCO,ethanol\n'], { format: 'csv' })) console.log(r.id);
 * ```
 */
export async function* readDelimited(
  source: TextSource,
  options: DelimitedOptions = {},
): AsyncGenerator<MoleculeRecord> {
  yield* recordsOf(source, new DelimitedRows(options), options);
}
