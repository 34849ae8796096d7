import { describe, expect, it } from 'vitest';
import { readSeriesCsv } from './csv';

describe('readSeriesCsv', () => {
  it('reads long format into one series per id, with times', () => {
    const s = readSeriesCsv(
      'id,timestamp,value\na,2020-01-01,1\nb,2020-01-01,5\na,2020-02-01,NA\nb,2020-02-01,6\n',
    );
    expect(s).toEqual([
      { id: 'a', timestamps: ['2020-01-01', '2020-02-01'], values: [1, null] },
      { id: 'b', timestamps: ['2020-01-01', '2020-02-01'], values: [5, 6] },
    ]);
  });

  it('reads date,value with its own header names, and a headerless column of values', () => {
    expect(readSeriesCsv('ds;y\r\n2021-03-01;2.5\r\n2021-03-02;3\r\n')).toEqual([
      { id: 'y', timestamps: ['2021-03-01', '2021-03-02'], values: [2.5, 3] },
    ]);
    expect(readSeriesCsv('4\n8\n15\n')).toEqual([{ id: 'series', timestamps: null, values: [4, 8, 15] }]);
  });

  it('names the line of a value that is not a number, and refuses a file too short', () => {
    expect(() => readSeriesCsv('date,value\n2020-01-01,1\n2020-01-02,lots\n')).toThrow(/line 3: "lots"/);
    expect(() => readSeriesCsv('value\n')).toThrow(/fewer than two lines/);
  });
});
