import type { Table } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { tableToRows } from '@strata/core';

type Basic = 'INT32' | 'DOUBLE' | 'STRING' | 'BOOLEAN' | 'INT64';

/** Arrow type names → Parquet types; anything else is written as JSON text. */
function parquetType(arrowType: string): Basic {
  if (/^Int(8|16|32)$|^Uint(8|16)$/.test(arrowType)) return 'INT32';
  if (/^U?[Ii]nt64$|^Uint32$/.test(arrowType)) return 'INT64';
  if (/^Float/.test(arrowType)) return 'DOUBLE';
  if (arrowType === 'Bool') return 'BOOLEAN';
  return 'STRING';
}

/** A result table as a Parquet file (nullable columns, snappy-compressed), for clients that ask for it. */
export function tableToParquet(table: Table): Uint8Array {
  const rows = tableToRows(table);
  const columnData = table.schema.fields.map((f) => {
    const type = parquetType(String(f.type));
    const data = rows.map((r) => {
      const v = r[f.name];
      if (v === null || v === undefined) return null;
      if (type === 'INT64') return BigInt(v as number | bigint);
      if (type === 'STRING' && typeof v !== 'string') return JSON.stringify(v);
      return v;
    });
    return { name: f.name, data, type, nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}
