import { throwIfAborted } from '@strata/core';
import { SeriesError } from '../errors.js';
import { csvCells } from './csv-line.js';
import { seriesFromGroups, type SeriesFromRowsOptions, type SeriesSet } from './long-format.js';
import { RowGroups } from './row-groups.js';

/** Options of {@link readLongCsv}. */
export interface LongCsvOptions extends SeriesFromRowsOptions {
  /** @defaultValue the first of `unique_id`, `id`, `series` */
  readonly idColumn?: string;
  /** @defaultValue the first of `ds`, `timestamp`, `date`, `time` */
  readonly timeColumn?: string;
  /** @defaultValue the first of `y`, `value` */
  readonly valueColumn?: string;
}

/** Options of {@link readLongCsvStream}: those of {@link readLongCsv} and a signal. */
export interface LongCsvStreamOptions extends LongCsvOptions {
  /** Stops the read between chunks (`ABORTED`). */
  readonly signal?: AbortSignal;
}

/** The longest line a long-format file may have: three short cells take far less. */
export const MAX_LINE_CHARS = 1 << 20;

function column(header: string[], wanted: string | undefined, names: string[], what: string): number {
  const lower = header.map((h) => h.toLowerCase());
  const i =
    wanted !== undefined ? lower.indexOf(wanted.toLowerCase()) : lower.findIndex((h) => names.includes(h));
  if (i < 0)
    throw new SeriesError(
      'COLUMN_NOT_FOUND',
      `no ${what} column${wanted ? ` "${wanted}"` : ''}: the columns are ${header.join(', ')}`,
      { context: { available: header } },
    );
  return i;
}

const format = (line: number, message: string, series?: string) =>
  new SeriesError('SERIES_FORMAT', `line ${line}: ${message}`, {
    context: { at: line, ...(series !== undefined ? { series } : {}) },
  });

/**
 * Reads a long-format CSV line by line, in one pass and in the memory of its numbers: the header
 * names the columns, each later line adds one row to its series. Every way a line can be wrong is a
 * `SERIES_FORMAT` error naming the line.
 */
class LongCsvReader {
  private columns: { id: number; time: number; value: number; need: number } | undefined;
  private readonly groups: RowGroups;
  private lineNumber = 0;

  constructor(private readonly options: LongCsvOptions) {
    this.groups = new RowGroups(options.maxSeries);
  }

  /** Reads the next line (without its line break); blank lines count but are skipped. */
  line(text: string): void {
    this.lineNumber++;
    if (text.length > MAX_LINE_CHARS)
      throw format(this.lineNumber, `longer than ${MAX_LINE_CHARS} characters: not a long-format row`);
    if (!text.trim()) return;
    const cells = csvCells(text, this.lineNumber).map((c) => c.trim());
    if (!this.columns) return this.header(cells);
    const { id, time, value, need } = this.columns;
    if (cells.length < need)
      throw format(this.lineNumber, `${cells.length} cells where the header names ${need}`, cells[id]);
    const raw = cells[value]!;
    const v = raw === '' || /^(na|nan|null)$/i.test(raw) ? null : Number(raw);
    if (v !== null && !Number.isFinite(v))
      throw format(this.lineNumber, `"${raw.slice(0, 40)}" is not a finite number`, cells[id]);
    const t = cells[time]!;
    if (cells[id] === '') throw format(this.lineNumber, 'the id is empty');
    this.groups.add(cells[id]!, /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t, v);
  }

  private header(cells: string[]): void {
    const o = this.options;
    const id = column(cells, o.idColumn, ['unique_id', 'id', 'series'], 'id');
    const time = column(cells, o.timeColumn, ['ds', 'timestamp', 'date', 'time'], 'timestamp');
    const value = column(cells, o.valueColumn, ['y', 'value'], 'value');
    this.columns = { id, time, value, need: Math.max(id, time, value) + 1 };
  }

  /** The series read. */
  finish(): SeriesSet {
    if (!this.columns)
      throw new SeriesError(
        'SERIES_FORMAT',
        'the file is empty: a long-format CSV starts with a header such as id,timestamp,value',
      );
    return seriesFromGroups(this.groups, this.options);
  }
}

/** Splits text into lines at LF, CRLF or a lone CR, calling `each` per line; returns the unfinished tail. */
function splitLines(text: string, each: (line: string) => void, final: boolean): string {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    // A CR at the very end of a chunk may be the first half of a CRLF: wait for the next chunk.
    if (c === 13 && i === text.length - 1 && !final) break;
    each(text.slice(start, i));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  const rest = text.slice(start);
  if (final && rest) each(rest);
  return final ? '' : rest;
}

/**
 * Reads long-format CSV text (`unique_id,ds,y` or `id,timestamp,value`) into series. An empty, `NA`
 * or `NaN` cell is a missing value, handled as `missing` says. Quoted cells may hold commas; a line
 * that cannot be read (a quote left open, too few cells, a value that is not a number) is a
 * `SERIES_FORMAT` error naming the line.
 *
 * @example
 * ```ts
 * const { series } = readLongCsv(readFileSync('sales.csv', 'utf8'), { period: 7 });
 * ```
 */
export function readLongCsv(text: string, options: LongCsvOptions = {}): SeriesSet {
  const reader = new LongCsvReader(options);
  splitLines(text, (line) => reader.line(line), true);
  return reader.finish();
}

/**
 * {@link readLongCsv} over a stream of bytes or text (a file's read stream), chunk by chunk: the
 * file is never held whole, each byte is looked at once however its lines fall across chunks, and
 * the signal is honoured between chunks.
 *
 * @example
 * ```ts
 * const set = await readLongCsvStream(createReadStream('sales.csv'), { signal });
 * ```
 */
export async function readLongCsvStream(
  source: AsyncIterable<Uint8Array | string>,
  options: LongCsvStreamOptions = {},
): Promise<SeriesSet> {
  const reader = new LongCsvReader(options);
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of source) {
    throwIfAborted(options.signal);
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    pending = splitLines(pending + text, (line) => reader.line(line), false);
    if (pending.length > MAX_LINE_CHARS) reader.line(pending);
  }
  throwIfAborted(options.signal);
  splitLines(pending + decoder.decode(), (line) => reader.line(line), true);
  return reader.finish();
}
