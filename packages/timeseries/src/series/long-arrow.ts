import { arrowBytesToTable } from '@strata/core';
import { SeriesError } from '../errors.js';
import type { LongCsvOptions } from './long-csv.js';
import { seriesFromGroups, type SeriesSet } from './long-format.js';
import { RowGroups } from './row-groups.js';

/** Per time unit of an Arrow timestamp column, the factor to milliseconds. */
const TO_MS: Readonly<Record<number, number>> = { 0: 1000, 1: 1, 2: 1e-3, 3: 1e-6 };

/**
 * Reads long-format Arrow IPC bytes (file or stream format) into series: columns as for
 * `readLongCsv`; timestamps as Arrow timestamps or dates, numbers (ms since 1970 UTC) or ISO strings.
 *
 * @example
 * ```ts
 * const { series } = readLongArrow(readFileSync('sales.arrow'));
 * ```
 */
export function readLongArrow(bytes: Uint8Array, options: LongCsvOptions = {}): SeriesSet {
  const table = arrowBytesToTable(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const find = (wanted: string | undefined, candidates: string[], what: string) => {
    const lower = names.map((n) => n.toLowerCase());
    const i =
      wanted !== undefined
        ? lower.indexOf(wanted.toLowerCase())
        : lower.findIndex((n) => candidates.includes(n));
    if (i < 0)
      throw new SeriesError(
        'COLUMN_NOT_FOUND',
        `no ${what} column${wanted ? ` "${wanted}"` : ''}: the columns are ${names.join(', ')}`,
        {
          context: { available: names },
        },
      );
    return table.getChildAt(i)!;
  };
  const id = find(options.idColumn, ['unique_id', 'id', 'series'], 'id');
  const time = find(options.timeColumn, ['ds', 'timestamp', 'date', 'time'], 'timestamp');
  const value = find(options.valueColumn, ['y', 'value'], 'value');
  const unit = (time.type as { unit?: number }).unit;
  const factor = unit === undefined ? 1 : (TO_MS[unit] ?? 1);
  const groups = new RowGroups(options.maxSeries);
  for (let i = 0; i < table.numRows; i++) {
    const t = time.get(i) as unknown;
    const v = value.get(i) as unknown;
    groups.add(
      String(id.get(i)),
      typeof t === 'string' ? t : t instanceof Date ? t.getTime() : Number(t) * factor,
      v === null || v === undefined ? null : Number(v),
    );
  }
  return seriesFromGroups(groups, options);
}
