import { renameSync, writeFileSync } from 'node:fs';
import { csvCell } from '@strata/core';
import type { ScreenColumn, ScreenRow } from './screener.js';

/** Writes rows as CSV (RFC 4180 quoting; a cell a spreadsheet would run as a formula escaped), atomically. */
export function writeCsv(path: string, columns: readonly ScreenColumn[], rows: readonly ScreenRow[]): void {
  const cell = (v: ScreenRow[string]) => csvCell(v, { escapeFormulas: true });
  const lines = [
    columns.map((c) => cell(c.name)).join(','),
    ...rows.map((r) => columns.map((c) => cell(r[c.name]!)).join(',')),
  ];
  writeFileSync(`${path}.tmp`, `${lines.join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Keeps the k best rows by a numeric column (rows without a value never rank). */
export function mergeTop(
  top: readonly ScreenRow[],
  rows: readonly ScreenRow[],
  k: number,
  by: string,
  ascending: boolean,
): ScreenRow[] {
  const ranked = rows.filter((r) => typeof r[by] === 'number' && !Number.isNaN(r[by]));
  const sign = ascending ? 1 : -1;
  return [...top, ...ranked]
    .sort(
      (a, b) =>
        sign * ((a[by] as number) - (b[by] as number)) || (a.position as number) - (b.position as number),
    )
    .slice(0, k);
}
