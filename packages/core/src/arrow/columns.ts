import {
  Bool,
  Float64,
  Int32,
  Table,
  Utf8,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { InvalidArgumentError } from '../errors.js';

/** A column of values: a typed array, or plain numbers, strings, booleans or bigints (null for missing). */
export type Column =
  | Float32Array
  | Float64Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | readonly (number | null)[]
  | readonly (string | null)[]
  | readonly (boolean | null)[]
  | readonly (bigint | null)[];

/**
 * Builds an Arrow table from named columns of equal length: Strata's form for tabular results
 * (descriptors, scores, forecasts, metrics).
 *
 * @example
 * ```ts
 * const table = columnsToTable({ id: ['a', 'b'], score: new Float32Array([0.1, 0.9]) });
 * ```
 */
export function columnsToTable(columns: Readonly<Record<string, Column>>): Table {
  const lengths = new Set(Object.values(columns).map((c) => c.length));
  if (lengths.size > 1) {
    const desc = Object.entries(columns)
      .map(([k, c]) => `${k}=${c.length}`)
      .join(', ');
    throw new InvalidArgumentError('columns', `columns must have equal lengths, got ${desc}`);
  }
  return tableFromArrays(columns as Record<string, Float64Array>);
}

/** The type of a column of {@link typedColumnsToTable}. */
export type ColumnType = 'int' | 'float' | 'string' | 'bool';

const TYPES: Readonly<Record<ColumnType, () => DataType>> = {
  int: () => new Int32(),
  float: () => new Float64(),
  string: () => new Utf8(),
  bool: () => new Bool(),
};

/**
 * Builds an Arrow table with a fixed schema: each column's type given, strings plain UTF-8 (not
 * dictionaries), so that the tables of successive batches share one schema and stream into one file,
 * even when a batch has a column of nulls only.
 *
 * @example
 * ```ts
 * const table = typedColumnsToTable({ id: { type: 'string', values: ['a'] }, error: { type: 'string', values: [null] } });
 * ```
 */
export function typedColumnsToTable(
  columns: Readonly<Record<string, { readonly type: ColumnType; readonly values: readonly unknown[] }>>,
): Table {
  const vectors: Record<string, Vector> = {};
  for (const [name, c] of Object.entries(columns)) vectors[name] = vectorFromArray(c.values, TYPES[c.type]());
  return new Table(vectors);
}

/** Serialises a table as Arrow IPC: the `file` format (random access) or the `stream` format. */
export function tableToArrowBytes(table: Table, format: 'file' | 'stream' = 'file'): Uint8Array {
  return tableToIPC(table, format);
}

/** Reads a table from Arrow IPC bytes (either format). */
export function arrowBytesToTable(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/** Plain row objects of a table (for JSON answers and small results). */
export function tableToRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
}
