import { DrugError } from '../errors.js';
import { linesOf, type LineRecords, type MoleculeRecord, type TextSource } from './record.js';

/** Options of {@link readDelimited}. */
export interface DelimitedOptions {
  /**
   * `smiles`: whitespace-separated `SMILES id ...`, a header line only when its first word is "smiles";
   * `csv` and `tsv`: a header row, RFC 4180 quoting. @defaultValue `'smiles'`
   */
  readonly format?: 'smiles' | 'csv' | 'tsv';
  /** The SMILES column (name or 0-based index). @defaultValue the first column named like "smiles", else column 0 of a .smi file */
  readonly smilesColumn?: string | number;
  /** The id column (name or 0-based index). @defaultValue the first column named like "id" or "name", else column 1 of a .smi file */
  readonly idColumn?: string | number;
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

/**
 * Reads SMILES, CSV or TSV rows one line at a time: the state of {@link readDelimited}, kept apart so
 * that a shard of a file can start at any line after the header (see `continueAt`).
 */
export class DelimitedRows implements LineRecords {
  private readonly format: 'smiles' | 'csv' | 'tsv';
  private readonly sep: string;
  private header: string[] | null = null;
  private smilesAt = 0;
  private idAt = -1;
  private lineNo = 0;
  private pending: string[] = [];
  private pendingStart = 0;

  constructor(private readonly options: DelimitedOptions = {}) {
    this.format = options.format ?? 'smiles';
    this.sep = this.format === 'tsv' ? '\t' : ',';
  }

  /** Whether the header (or the first line, which decides there is none) has been read. */
  get headerRead(): boolean {
    return this.header !== null;
  }

  /** Numbers the next line `line + 1` (a row's number is its line): a shard that starts between two rows. */
  continueAt(line: number): void {
    this.lineNo = line;
  }

  /** The record of a line, or null (a header, a blank line, a row with no SMILES, a row going on). */
  push(line: string): MoleculeRecord | null {
    this.lineNo++;
    const cells = this.cellsOf(line);
    if (!cells) return null;
    const position = this.pendingStart || this.lineNo;
    this.pendingStart = 0;
    if (!this.header && this.readHeader(cells)) return null;
    const smiles = cells[this.smilesAt]?.trim();
    if (!smiles) return null;
    const fields: Record<string, string> = {};
    const header = this.header!;
    cells.forEach((c, i) => {
      if (i !== this.smilesAt && i !== this.idAt) fields[header[i] ?? String(i)] = c;
    });
    const id = this.idAt >= 0 ? (cells[this.idAt]?.trim() ?? null) || null : null;
    return { position, id, molecule: smiles, fields };
  }

  /** Throws `READER_FORMAT` when the text ended inside a quoted field. */
  end(): null {
    if (this.pending.length) {
      throw new DrugError('READER_FORMAT', `line ${this.pendingStart}: a quoted field is never closed`, {
        context: { record: this.pendingStart },
      });
    }
    return null;
  }

  /** The cells of a row, or null while a quoted field goes on over the next line. */
  private cellsOf(line: string): string[] | null {
    if (this.format === 'smiles') return line.trim().split(/[ \t]+/);
    const open = this.pending.length > 0;
    if (endsQuoted(line, this.sep, open)) {
      if (!open) this.pendingStart = this.lineNo;
      this.pending.push(line);
      return null;
    }
    if (!open) return splitRow(line, this.sep);
    this.pending.push(line);
    const text = this.pending.join('\n');
    this.pending = [];
    return splitRow(text, this.sep);
  }

  /** Takes the first row as the header or as numbered columns; true when the row was the header. */
  private readHeader(cells: string[]): boolean {
    const { options, format } = this;
    const isHeader = format !== 'smiles' || SMILES_NAMES.includes(cells[0]!.toLowerCase());
    if (isHeader || options.smilesColumn !== undefined || options.idColumn !== undefined) {
      this.header = isHeader ? cells : cells.map((_, i) => String(i));
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
 * id and the other columns. Rows with an empty SMILES cell are skipped (blank lines, trailing rows).
 * Throws `COLUMN_NOT_FOUND` when the SMILES column cannot be found.
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
  const rows = new DelimitedRows(options);
  for await (const line of linesOf(source)) {
    const record = rows.push(line);
    if (record) yield record;
  }
  rows.end();
}
