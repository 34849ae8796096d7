import { typedColumnsToTable } from '@strata/core';
import type { Table } from 'apache-arrow';
import type { ScreenColumn, ScreenRow } from './screener.js';

/**
 * Rows as an Arrow table with a fixed schema (plain UTF-8 strings, not dictionaries), so that tables
 * of successive batches share one schema and stream into one file.
 */
export function rowsToTable(columns: readonly ScreenColumn[], rows: readonly ScreenRow[]): Table {
  return typedColumnsToTable(
    Object.fromEntries(
      columns.map((c) => [c.name, { type: c.type, values: rows.map((r) => r[c.name] ?? null) }]),
    ),
  );
}
