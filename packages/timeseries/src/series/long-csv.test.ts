import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { csvCells } from './csv-line.js';
import { readLongCsv, readLongCsvStream } from './long-csv.js';

/** The error `run` throws (sync or async), as code and message. */
async function failure(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (err) {
    if (isStrataError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('it did not fail');
}

const day = (d: number) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString();
const rows = (id: string, n: number) => Array.from({ length: n }, (_, d) => `${id},${day(d)},${d + 1}`);

/** Chunks of `size` characters, counting how many the reader pulled. */
function chunked(text: string, size: number): { source: AsyncIterable<string>; pulled: () => number } {
  let pulled = 0;
  return {
    pulled: () => pulled,
    source: (async function* () {
      for (let i = 0; i < text.length; i += size) {
        pulled++;
        yield text.slice(i, i + size);
      }
    })(),
  };
}

describe('csvCells', () => {
  it('reads quoted cells, doubled quotes and quotes inside a plain cell', () => {
    expect(csvCells('"store 1, north",2024-01-01,5')).toEqual(['store 1, north', '2024-01-01', '5']);
    expect(csvCells('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
    expect(csvCells('a"b,"c"d,')).toEqual(['a"b', 'cd', '']);
    expect(() => csvCells('a,"b,c', 7)).toThrow(
      /line 7: the quoted cell opened at character 3 is not closed/,
    );
  });
});

describe('readLongCsv', () => {
  it('refuses a quote left open as SERIES_FORMAT naming the line, in one pass over a long file', async () => {
    const lines = ['id,timestamp,value', ...rows('a', 100_000)];
    lines[99_999] = `"a,${day(99_998)},1`;
    const text = lines.join('\n');
    expect(await failure(() => readLongCsv(text))).toEqual({
      code: 'SERIES_FORMAT',
      message: expect.stringMatching(
        /^line 100000: the quoted cell opened at character 1 is not closed/,
      ) as string,
    });
    // Streamed, a bad line near the top ends the read there: the rest of the file is never pulled.
    lines[99_999] = rows('a', 100_000)[99_998]!;
    lines[2] = `a,"${day(1)},2`;
    const stream = chunked(lines.join('\n'), 4096);
    expect((await failure(() => readLongCsvStream(stream.source))).message).toMatch(/^line 3: /);
    expect(stream.pulled()).toBe(1);
  });

  it('names the line of a row with too few cells, an empty id or a value that is not a number', async () => {
    const head = 'id,timestamp,value';
    expect(await failure(() => readLongCsv(`${head}\na,${day(0)},1\nb,${day(0)}`))).toMatchObject({
      code: 'SERIES_FORMAT',
      message: 'line 3: 2 cells where the header names 3',
    });
    expect((await failure(() => readLongCsv(`${head}\n,${day(0)},1`))).message).toBe(
      'line 2: the id is empty',
    );
    expect((await failure(() => readLongCsv(`${head}\na,${day(0)},1e999`))).message).toMatch(
      /line 2: "1e999" is not a finite number/,
    );
    expect((await failure(() => readLongCsv(`${head}\na,99999999999999999999,1`))).message).toMatch(
      /series "a": "1(0{20})" is not a timestamp/,
    );
    expect((await failure(() => readLongCsv(`${head}\na,${day(0)},${'9'.repeat(2 << 20)}`))).message).toMatch(
      /^line 2: longer than 1048576 characters/,
    );
  });

  it('reads LF, CRLF and CR line ends alike, across chunk boundaries and split UTF-8 characters', async () => {
    const lines = ['id,timestamp,value', ...rows('é', 30), ...rows('"q""uote"', 30)];
    const want = readLongCsv(lines.join('\n'));
    expect(want.series.map((s) => s.id)).toEqual(['é', 'q"uote']);
    for (const end of ['\r\n', '\r', '\n']) {
      const bytes = new TextEncoder().encode(lines.join(end) + end);
      for (const size of [1, 2, 7, 64]) {
        const source = (async function* () {
          for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
        })();
        const got = await readLongCsvStream(source);
        expect(got.series.map((s) => [s.id, Array.from(s.values)])).toEqual(
          want.series.map((s) => [s.id, Array.from(s.values)]),
        );
      }
    }
  });

  it('reads a header alone as no series, refuses an empty file and names a missing column', async () => {
    expect(readLongCsv('id,timestamp,value\r\n').series).toEqual([]);
    expect(await failure(() => readLongCsv(''))).toMatchObject({ code: 'SERIES_FORMAT' });
    expect(await failure(() => readLongCsv('id,value\na,1'))).toEqual({
      code: 'COLUMN_NOT_FOUND',
      message: 'no timestamp column: the columns are id, value',
    });
  });

  it('stops a streamed read on its signal between chunks', async () => {
    const stop = new AbortController();
    const text = ['id,timestamp,value', ...rows('a', 10_000)].join('\n');
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < text.length; i += 1000) {
        if (++pulled === 3) stop.abort('cancelled');
        yield text.slice(i, i + 1000);
      }
    })();
    expect(await failure(() => readLongCsvStream(source, { signal: stop.signal }))).toMatchObject({
      code: 'ABORTED',
    });
    expect(pulled).toBe(3);
  });

  it('lays sparse series on their grid without walking it, and refuses one too sparse to fill', async () => {
    // One millisecond apart, then 2,000 years: a grid of 6e13 steps.
    const sparse = 'id,timestamp,value\nx,0,1\nx,1,2\nx,63113904000000,3';
    expect(await failure(() => readLongCsv(sparse))).toMatchObject({
      code: 'SERIES_MISSING_VALUE',
      message: expect.stringContaining(
        'series "x" has no value at 1970-01-01T00:00:00.002Z (and 63113903999997 more)',
      ) as string,
    });
    expect(await failure(() => readLongCsv(sparse, { missing: 'interpolate' }))).toMatchObject({
      code: 'SERIES_MISSING_VALUE',
      message: expect.stringContaining('too sparse to interpolate') as string,
    });
    const set = readLongCsv(sparse, { missing: 'interpolate', invalidSeries: 'report' });
    expect(set.failed.map((f) => f.id)).toEqual(['x']);
  });

  it('takes many one-row series as failures without stopping, up to maxSeries', async () => {
    const text = ['id,timestamp,value', ...Array.from({ length: 50_000 }, (_, i) => `s${i},0,1`)].join('\n');
    const set = readLongCsv(text, { invalidSeries: 'report' });
    expect(set.series).toEqual([]);
    expect(set.failed).toHaveLength(50_000);
    expect(set.failed[0]).toEqual({
      id: 's0',
      code: 'SERIES_TOO_SHORT',
      message: 'series "s0" has 1 value: a series needs two',
    });
    expect(await failure(() => readLongCsv(text, { maxSeries: 1000 }))).toMatchObject({
      code: 'SERIES_FORMAT',
      message: expect.stringContaining('more than 1000 series') as string,
    });
  });
});
