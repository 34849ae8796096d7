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

/** Options of {@link readSdf}. */
export interface SdfOptions extends RecordLimits {
  /** A data field to use as the id instead of the title line. @defaultValue the title line */
  readonly idField?: string;
}

const FIELD_HEADER = /^>.*?<([^>]*)>/;

/**
 * Reads SD records one line at a time: the state of {@link readSdf}, kept apart so that a shard of a
 * file can start after any `$$$$` line (see `continueAt`). A record over `maxRecordBytes`, or with a
 * line over `maxLineBytes` or a NUL byte, is read past to its `$$$$` without being kept, and comes
 * out as an error record.
 */
export class SdfRecords implements LineRecords {
  private readonly maxRecordBytes: number;
  private readonly maxLineBytes: number;
  private block: string[] = [];
  private fields: Record<string, string> = {};
  private field: string | null = null;
  private inData = false;
  /** The record's size so far, and why it cannot be read (its text is then dropped). */
  private size = 0;
  private failure: string | null = null;
  private title: string | null = null;
  private position = 0;
  private lineNo = 0;

  constructor(private readonly options: SdfOptions = {}) {
    this.maxRecordBytes = limitOf(options, 'maxRecordBytes');
    this.maxLineBytes = limitOf(options, 'maxLineBytes');
  }

  /** Always true: an SD file has no header. */
  get headerRead(): boolean {
    return true;
  }

  /** Numbers the next line `line + 1` and the next record `record + 1`: a shard that starts after a `$$$$`. */
  continueAt(line: number, record: number): void {
    this.lineNo = line;
    this.position = record;
  }

  /** Reads a line: gives `sink` the record a `$$$$` line ends. */
  push(line: Line, end: number, sink: RecordSink): void {
    this.lineNo++;
    if (typeof line === 'string' && line.startsWith('$$$$')) {
      const record = this.finish();
      [this.block, this.fields, this.field, this.inData] = [[], {}, null, false];
      [this.size, this.failure, this.title] = [0, null, null];
      if (record) sink(record, end, this.lineNo);
      return;
    }
    if (this.failure) return;
    if (typeof line !== 'string')
      return this.fail(
        `line ${this.lineNo} is ${bytesText(line.bytes)} long, over the limit of ${bytesText(this.maxLineBytes)} (maxLineBytes)`,
      );
    if (line.includes('\0')) return this.fail(`line ${this.lineNo} holds a NUL byte: is this a binary file?`);
    this.size += line.length + 1;
    if (this.size > this.maxRecordBytes)
      return this.fail(
        `record ${this.position + 1} is larger than ${bytesText(this.maxRecordBytes)} (maxRecordBytes) by line ${this.lineNo}`,
      );
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
      return;
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
  }

  /** Gives `sink` the last record, when the text does not end with `$$$$`. */
  end(textEnd: number, sink: RecordSink): void {
    const record = this.finish();
    if (record) sink(record, textEnd, this.lineNo);
  }

  /** The record cannot be read: its text goes, and it waits for its `$$$$`. */
  private fail(reason: string): void {
    this.title = this.block[0]?.trim() || null;
    this.failure = reason;
    [this.block, this.fields, this.field] = [[], {}, null];
  }

  private finish(): MoleculeRecord | null {
    const { block, fields } = this;
    if (this.failure) return errorRecord(++this.position, this.failure, this.title);
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
 * `M  END` still comes out (RDKit will call it invalid) so that no record is silently lost, and one
 * that cannot be read (see {@link SdfRecords}) comes out with its `error`.
 *
 * @example
 * ```ts
 * for await (const r of readSdf(stream)) console.log(r.position, r.id, r.fields.IC50);
 * ```
 */
export async function* readSdf(source: TextSource, options: SdfOptions = {}): AsyncGenerator<MoleculeRecord> {
  yield* recordsOf(source, new SdfRecords(options), options);
}
