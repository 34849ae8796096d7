import type { Response } from 'express';
import { csvCell, tableToArrowBytes, tableToRows } from '@strata/core';
import type { ResultsQuery } from './jobs-routes.js';
import { tableToParquet } from './parquet.js';
import { HttpError } from './problem.js';

import type { Table } from 'apache-arrow';

const ARROW = 'application/vnd.apache.arrow.file';

/** The format asked for: `format=` first, else the best `Accept` match, else JSON. */
export function chosenFormat(
  query: ResultsQuery,
  accept: string | undefined,
): NonNullable<ResultsQuery['format']> {
  if (query.format) return query.format;
  if (accept?.includes(ARROW)) return 'arrow';
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/vnd.apache.parquet')) return 'parquet';
  return 'json';
}

function sortRows(rows: Record<string, unknown>[], column: string, order: 'asc' | 'desc'): void {
  const sign = order === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = a[column];
    const y = b[column];
    // Missing values last, whatever the order.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

/**
 * Answers a result table in the format asked for: JSON pages (`offset`, `limit`) or the whole table
 * as CSV, both sorted by a column; or the whole table as stored, as Arrow IPC or Parquet (sort it as
 * you read it).
 */
export function sendTable(
  res: Response,
  table: Table,
  query: ResultsQuery,
  options: {
    accept?: string | undefined;
    defaultSort?: { column: string; order: 'asc' | 'desc' };
    filename: string;
  },
): void {
  const format = chosenFormat(query, options.accept);
  const columns = table.schema.fields.map((f) => f.name);
  const sort = query.sort ?? options.defaultSort?.column;
  if (sort !== undefined && !columns.includes(sort))
    throw new HttpError(
      'VALIDATION_FAILED',
      `query.sort: no column "${sort}"; the columns are ${columns.join(', ')}`,
      {
        extra: { field: 'query.sort' },
      },
    );
  const order = query.order ?? (query.sort === undefined ? options.defaultSort?.order : undefined) ?? 'asc';
  // attachment() sets a type from the file name's extension: the real type is set after it.
  if (format === 'parquet') {
    res
      .attachment(`${options.filename}.parquet`)
      .type('application/vnd.apache.parquet')
      .send(Buffer.from(tableToParquet(table)));
    return;
  }
  if (format === 'arrow') {
    res
      .attachment(`${options.filename}.arrow`)
      .type(ARROW)
      .send(Buffer.from(tableToArrowBytes(table)));
    return;
  }
  const rows = tableToRows(table);
  if (sort !== undefined) sortRows(rows, sort, order);
  if (format === 'json') {
    res.json({
      columns,
      total: rows.length,
      offset: query.offset,
      limit: query.limit,
      ...(sort !== undefined ? { sort, order } : {}),
      rows: rows.slice(query.offset, query.offset + query.limit),
    });
  } else {
    // Files people open in spreadsheets: a cell that would run as a formula is escaped.
    const cell = (v: unknown) => csvCell(v, { escapeFormulas: true });
    const lines = [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
    res
      .attachment(`${options.filename}.csv`)
      .type('text/csv')
      .send(`${lines.join('\n')}\n`);
  }
}
