import { tableFromArrays, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
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
