import { describe, expect, it } from 'vitest';
import { arrowBytesToTable, columnsToTable, tableToArrowBytes, tableToRows } from './columns.js';
import { csvCell } from './csv-cell.js';

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

describe('csvCell', () => {
  it('quotes as RFC 4180 and escapes what a spreadsheet would run as a formula, only when asked', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell('=HYPERLINK("x")')).toBe('"=HYPERLINK(""x"")"');
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])
      expect(csvCell(text, { escapeFormulas: true })).toBe(`'${text}`);
    expect(csvCell('=HYPERLINK("x")', { escapeFormulas: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-1.5, { escapeFormulas: true })).toBe('-1.5');
    expect(csvCell('CCO', { escapeFormulas: true })).toBe('CCO');
  });
});
