import { SeriesError } from '../errors.js';
import { csvCells } from './csv-line.js';
import { seriesFromRows, type LongRow, type SeriesFromRowsOptions, type SeriesSet } from './long-format.js';

/** Options of {@link readLongCsv}. */
export interface LongCsvOptions extends SeriesFromRowsOptions {
  /** @defaultValue the first of `unique_id`, `id`, `series` */
  readonly idColumn?: string;
  /** @defaultValue the first of `ds`, `timestamp`, `date`, `time` */
  readonly timeColumn?: string;
  /** @defaultValue the first of `y`, `value` */
  readonly valueColumn?: string;
}

// Quoted fields may hold commas (an id like "store 1, north").
const splitLine = (line: string): string[] => csvCells(line).map((c) => c.trim());

function column(header: string[], wanted: string | undefined, names: string[], what: string): number {
  const lower = header.map((h) => h.toLowerCase());
  const i =
    wanted !== undefined ? lower.indexOf(wanted.toLowerCase()) : lower.findIndex((h) => names.includes(h));
  if (i < 0)
    throw new SeriesError(
      'COLUMN_NOT_FOUND',
      `no ${what} column${wanted ? ` "${wanted}"` : ''}: the columns are ${header.join(', ')}`,
      {
        context: { available: header },
      },
    );
  return i;
}

/**
 * Reads long-format CSV text (`unique_id,ds,y` or `id,timestamp,value`) into series. An empty, `NA`
 * or `NaN` cell is a missing value, handled as `missing` says.
 *
 * @example
 * ```ts
 * const { series } = readLongCsv(readFileSync('sales.csv', 'utf8'), { period: 7 });
 * ```
 */
export function readLongCsv(text: string, options: LongCsvOptions = {}): SeriesSet {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = splitLine(lines[0] ?? '');
  const [id, time, value] = [
    column(header, options.idColumn, ['unique_id', 'id', 'series'], 'id'),
    column(header, options.timeColumn, ['ds', 'timestamp', 'date', 'time'], 'timestamp'),
    column(header, options.valueColumn, ['y', 'value'], 'value'),
  ];
  const rows: LongRow[] = lines.slice(1).map((line, k) => {
    const cells = splitLine(line);
    const raw = cells[value] ?? '';
    const v = raw === '' || /^(na|nan|null)$/i.test(raw) ? null : Number(raw);
    if (v !== null && !Number.isFinite(v))
      throw new SeriesError('SERIES_FORMAT', `line ${k + 2}: "${raw}" is not a number`, {
        context: { series: cells[id] ?? '', at: k + 2 },
      });
    const t = cells[time]!;
    return { id: cells[id]!, timestamp: /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t, value: v };
  });
  return seriesFromRows(rows, options);
}
