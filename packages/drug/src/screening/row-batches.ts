import { Bool, Float64, Int32, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { ScreenColumn, ScreenRow } from './screener.js';

const TYPES: Readonly<Record<ScreenColumn['type'], () => DataType>> = {
  int: () => new Int32(),
  float: () => new Float64(),
  string: () => new Utf8(),
  bool: () => new Bool(),
};

/**
 * Rows as an Arrow table with a fixed schema (plain UTF-8 strings, not dictionaries), so that tables
 * of successive batches share one schema and stream into one file.
 */
export function rowsToTable(columns: readonly ScreenColumn[], rows: readonly ScreenRow[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns)
    vectors[c.name] = vectorFromArray(
      rows.map((r) => r[c.name] ?? null),
      TYPES[c.type](),
    );
  return new Table(vectors);
}
