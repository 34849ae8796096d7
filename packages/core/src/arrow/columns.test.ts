import { describe, expect, it } from 'vitest';
import { arrowBytesToTable, columnsToTable, tableToArrowBytes, tableToRows } from './columns.js';

describe('Arrow helpers', () => {
  it('round-trips named columns through both IPC formats', () => {
    const table = columnsToTable({
      id: ['a', 'b', null],
      score: new Float32Array([0.25, 0.5, 1]),
      count: new Int32Array([1, 2, 3]),
      ok: [true, false, null],
    });
    for (const format of ['file', 'stream'] as const) {
      const back = arrowBytesToTable(tableToArrowBytes(table, format));
      expect(back.numRows).toBe(3);
      expect(back.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
        'id:Dictionary<Int32, Utf8>',
        'score:Float32',
        'count:Int32',
        'ok:Bool',
      ]);
      expect(tableToRows(back)).toEqual([
        { id: 'a', score: 0.25, count: 1, ok: true },
        { id: 'b', score: 0.5, count: 2, ok: false },
        { id: null, score: 1, count: 3, ok: null },
      ]);
    }
  });

  it('refuses columns of different lengths, naming each', () => {
    expect(() => columnsToTable({ a: [1, 2], b: [1] })).toThrow(
      'columns must have equal lengths, got a=2, b=1',
    );
  });
});
