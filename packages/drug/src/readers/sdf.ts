import { DrugError } from '../errors.js';
import { linesOf, type LineRecords, type MoleculeRecord, type TextSource } from './record.js';

/** Options of {@link readSdf}. */
export interface SdfOptions {
  /** A data field to use as the id instead of the title line. @defaultValue the title line */
  readonly idField?: string;
}

const FIELD_HEADER = /^>.*?<([^>]*)>/;

/**
 * Reads SD records one line at a time: the state of {@link readSdf}, kept apart so that a shard of a
 * file can start after any `$$$$` line (see `continueAt`).
 */
export class SdfRecords implements LineRecords {
  private block: string[] = [];
  private fields: Record<string, string> = {};
  private field: string | null = null;
  private inData = false;
  private position = 0;
  private lineNo = 0;

  constructor(private readonly options: SdfOptions = {}) {}

  /** Always true: an SD file has no header. */
  get headerRead(): boolean {
    return true;
  }

  /** Numbers the next line `line + 1` and the next record `record + 1`: a shard that starts after a `$$$$`. */
  continueAt(line: number, record: number): void {
    this.lineNo = line;
    this.position = record;
  }

  /** The record a `$$$$` line ends, or null. */
  push(line: string): MoleculeRecord | null {
    this.lineNo++;
    if (line.startsWith('$$$$')) {
      const record = this.finish();
      [this.block, this.fields, this.field, this.inData] = [[], {}, null, false];
      return record;
    }
    if (!this.inData) {
      this.block.push(line);
      if (line.startsWith('M  END')) this.inData = true;
      else if (this.block.length > 100_000) {
        throw new DrugError(
          'READER_FORMAT',
          `line ${this.lineNo}: no "M  END" or "$$$$" in 100,000 lines; is this an SD file?`,
          { context: { record: this.position + 1 } },
        );
      }
      return null;
    }
    const header = FIELD_HEADER.exec(line);
    const field = this.field;
    if (header) {
      this.field = header[1]!;
      this.fields[this.field] = '';
    } else if (field !== null) {
      if (!line.trim()) this.field = null;
      else this.fields[field] = this.fields[field] ? `${this.fields[field]}\n${line}` : line;
    }
    return null;
  }

  /** The last record, when the text does not end with `$$$$`. */
  end(): MoleculeRecord | null {
    return this.finish();
  }

  private finish(): MoleculeRecord | null {
    const { block, fields } = this;
    const blank = block.every((l) => !l.trim()) && !Object.keys(fields).length;
    if (blank) return null;
    this.position++;
    const title = block[0]?.trim() ?? '';
    const id = this.options.idField ? (fields[this.options.idField] ?? null) : title || null;
    return { position: this.position, id, molecule: `${block.join('\n')}\n`, fields };
  }
}

/**
 * Reads an SD file (V2000 or V3000 molblocks) record by record, streaming: each record's molblock,
 * title (as id) and data fields (`> <NAME>` blocks). Records are numbered from 1; a record without
 * `M  END` still comes out (RDKit will call it invalid) so that no record is silently lost.
 *
 * @example
 * ```ts
 * for await (const r of readSdf(stream)) console.log(r.position, r.id, r.fields.IC50);
 * ```
 */
export async function* readSdf(source: TextSource, options: SdfOptions = {}): AsyncGenerator<MoleculeRecord> {
  const records = new SdfRecords(options);
  for await (const line of linesOf(source)) {
    const record = records.push(line);
    if (record) yield record;
  }
  const last = records.end();
  if (last) yield last;
}
