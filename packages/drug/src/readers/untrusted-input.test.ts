// The readers against files made to hurt them: quotes that never close, endless lines, binary bytes,
// other encodings and archives, and gzip bombs. Each ends in error rows or one clear error, with the
// work and memory bounded by the file and the limits, never by what a header or a stream claims.
import { gzipSync } from 'node:zlib';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { ByteLines } from './byte-lines.js';
import { readDelimited } from './delimited.js';
import { gunzipLimited } from './inflate.js';
import type { Line } from './limits.js';
import { readMolecules } from './read-molecules.js';
import type { MoleculeRecord } from './record.js';

const all = async (it: AsyncIterable<MoleculeRecord>) => {
  const out: MoleculeRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

const failsWith = (code: string, message: RegExp) => (e: unknown) =>
  isStrataError(e, code) && message.test((e as Error).message);

/** `n` CSV rows after a header, fed lazily line by line, counting the bytes taken. */
function lazyCsv(n: number, row: (i: number) => string) {
  const taken = { bytes: 0 };
  async function* source() {
    for (let i = 0; i <= n; i++) {
      const line = Buffer.from(`${i ? row(i) : 'smiles,id'}\n`);
      taken.bytes += line.length;
      yield line;
    }
  }
  return { source: source(), taken };
}

describe('readers of untrusted files', () => {
  for (const [where, at] of [
    ['first row', 1],
    ['middle', 50_000],
    ['last row', 100_000],
  ] as const) {
    it(`give up a quote that never closes (${where} of 100,000 rows) as one error row, every other row read`, async () => {
      const { source, taken } = lazyCsv(100_000, (i) => (i === at ? `"CCO,open${i}` : `CCO,m${i}`));
      const rows: MoleculeRecord[] = [];
      let takenAtError = -1;
      for await (const r of readMolecules(source, { format: 'csv' })) {
        if (r.error) takenAtError = taken.bytes;
        rows.push(r);
      }
      expect(rows).toHaveLength(100_000);
      const bad = rows.filter((r) => r.error);
      expect(bad).toEqual([
        {
          position: at + 1,
          id: null,
          molecule: '',
          fields: {},
          error: `line ${at + 1}: a quoted field opens here and is not closed within 262,144 bytes (maxLineBytes) or before the end; the lines after it are read as rows`,
        },
      ]);
      expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 100_000 }, (_, i) => i + 2));
      // Held no more than the row limit past the opening line: the rest was never buffered.
      expect(takenAtError).toBeLessThan(Buffer.byteLength(`smiles,id\n`) + 12 * (at + 1) + 262_144 + 64);
    });
  }

  it('fail naming line 1 where the header itself opens a quote that never closes', async () => {
    await expect(all(readDelimited(['"smiles,id\nCCO,a\n'], { format: 'csv' }))).rejects.toSatisfy(
      failsWith('READER_FORMAT', /^line 1: a quoted field opens here and is not closed .* \(the header\)$/),
    );
    // Without a header, that first line is a row like any other.
    const rows = await all(readDelimited(['"CCO,a\nCCN,b\n'], { format: 'csv', header: false }));
    expect(rows.map((r) => [r.position, r.id, r.error?.slice(0, 40)])).toEqual([
      [1, null, 'line 1: a quoted field opens here and is'],
      [2, 'b', undefined],
    ]);
  });

  it('keep a line over the limit as its length only: an error row, the next lines read', async () => {
    const lines: Line[] = [];
    const bytes = new ByteLines({ maxLineBytes: 1000 });
    const onLine = (line: Line) => void lines.push(line);
    bytes.feed(Buffer.from('CCO a\n'), onLine);
    for (let i = 0; i < 1000; i++) bytes.feed(Buffer.alloc(10_000, 'C'), onLine);
    bytes.feed(Buffer.from(`\n${'C'.repeat(1000)}\nCCN b`), onLine);
    bytes.flush(onLine);
    expect(lines).toEqual(['CCO a', { bytes: 10_000_000 }, 'C'.repeat(1000), 'CCN b']);
    const rows = await all(readMolecules([`CCO a\n${'C'.repeat(300_000)}\nCCN b\n`]));
    expect(rows.map((r) => [r.position, r.molecule, r.error])).toEqual([
      [1, 'CCO', undefined],
      [2, '', 'line 2 is 300,000 bytes long, over the limit of 262,144 bytes (maxLineBytes)'],
      [3, 'CCN', undefined],
    ]);
  });

  it('fail a CSV whose header is over the line limit or binary, naming line 1', async () => {
    await expect(
      all(readMolecules([`smiles,${'x'.repeat(300)}\nCCO,1\n`], { format: 'csv', maxLineBytes: 100 })),
    ).rejects.toSatisfy(
      failsWith(
        'READER_FORMAT',
        /^line 1 is 307 bytes long, over the limit of 100 bytes \(maxLineBytes\) \(the header\)$/,
      ),
    );
    await expect(all(readMolecules(['smiles\0,id\nCCO,1\n'], { format: 'csv' }))).rejects.toSatisfy(
      failsWith('READER_FORMAT', /^line 1 holds a NUL byte/),
    );
  });

  it('make a line with a NUL byte an error row (RDKit would read the SMILES cut at the NUL)', async () => {
    const rows = await all(readMolecules([Buffer.from('CCO\0CCCC a\nCCN b\n')]));
    expect(rows.map((r) => [r.position, r.molecule, r.error])).toEqual([
      [1, '', 'line 1 holds a NUL byte: is this a binary file?'],
      [2, 'CCN', undefined],
    ]);
  });

  it('end lines at a lone CR too (old Mac files), wherever the chunks split', async () => {
    const text = 'smiles,id\rCCO,a\rCCN,b\r\nCCC,c\r\rCCCC,d';
    const bytes = Buffer.from(text);
    const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    for (const source of [[bytes], pieces]) {
      const rows = await all(readMolecules(source, { format: 'csv' }));
      expect(rows.map((r) => [r.position, r.id])).toEqual([
        [2, 'a'],
        [3, 'b'],
        [4, 'c'],
        [6, 'd'],
      ]);
    }
  });

  it('read UTF-16 text with a byte-order mark (plain or gzipped) as the UTF-8 it says', async () => {
    const text = '\uFEFFsmiles\tname\r\nCCO\téthanol\r\nCCN\t二\r\n';
    const expected = await all(readMolecules([Buffer.from(text)]));
    expect(expected.map((r) => r.id)).toEqual(['éthanol', '二']);
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [le, be, gzipSync(le)]) {
      const odd = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) =>
        bytes.subarray(i * 3, i * 3 + 3),
      );
      expect(await all(readMolecules(odd))).toEqual(expected);
    }
  });

  it('refuse archives it does not read by name, and gzip inside gzip', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from('PK\x03\x04rest of a zip'), /^the input is a zip archive/],
      [Buffer.from('BZh91AY&SY'), /^the input is a bzip2 file/],
      [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]), /^the input is an xz file/],
      [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2]), /^the input is a zstd file/],
      [gzipSync(Buffer.from('PK\x03\x04zip inside gzip')), /^the input is a zip archive/],
      [gzipSync(gzipSync('CCO a\n')), /^the gzip input holds another gzip file/],
    ];
    for (const [bytes, message] of cases)
      await expect(all(readMolecules([bytes]))).rejects.toSatisfy(failsWith('READER_FORMAT', message));
  });

  it('read concatenated gzip members and zero padding; refuse a truncated stream or bytes after it', async () => {
    const two = Buffer.concat([gzipSync('CCO a\n'), gzipSync('CCN b\n'), Buffer.alloc(512)]);
    expect((await all(readMolecules([two]))).map((r) => r.id)).toEqual(['a', 'b']);
    const one = gzipSync('CCO a\nCCN b\n');
    for (const bad of [one.subarray(0, one.length - 4), Buffer.concat([one, Buffer.from('trailing junk')])])
      await expect(all(readMolecules([bad]))).rejects.toSatisfy(
        failsWith('READER_FORMAT', /^the gzip stream is corrupt or truncated/),
      );
  });

  it('stop a gzip bomb at the ratio limit once past 64 MiB, and any input at the size limit', async () => {
    // 200 members of 1 MiB of zeros: 200 MiB from about 200 KB.
    const zeros = Buffer.concat(Array<Buffer>(200).fill(gzipSync(Buffer.alloc(2 ** 20))));
    await expect(all(readMolecules([zeros]))).rejects.toSatisfy(
      failsWith(
        'READER_LIMIT',
        /more than 200 times its .* the limit \(maxCompressionRatio\): a decompression bomb/,
      ),
    );
    // Under 64 MiB a high ratio is no bomb: a file of one repeated molecule is fine.
    const repeated = gzipSync('CCO\n'.repeat(2 ** 20), { level: 9 });
    expect(await all(readMolecules([repeated]))).toHaveLength(2 ** 20);
    await expect(all(readMolecules([repeated], { maxDecompressedBytes: 2 ** 20 }))).rejects.toSatisfy(
      (e) =>
        failsWith('READER_LIMIT', /more than 1,048,576 bytes, the limit \(maxDecompressedBytes\)/)(e) &&
        JSON.stringify((e as { context: object }).context) ===
          '{"limit":"maxDecompressedBytes","value":1048576}',
    );
  });

  it('stop an endless gzip stream within a chunk of a cancel, and stop reading its source', async () => {
    const member = gzipSync(Buffer.alloc(2 ** 20));
    const pulled = { members: 0 };
    async function* endless() {
      for (;;) {
        pulled.members++;
        yield member;
      }
    }
    const controller = new AbortController();
    let out = 0;
    const run = (async () => {
      const limits = {
        maxCompressionRatio: Infinity,
        maxDecompressedBytes: Infinity,
        signal: controller.signal,
      };
      for await (const chunk of gunzipLimited(endless(), limits)) {
        out += chunk.length;
        if (out > 32 * 2 ** 20 && !controller.signal.aborted) controller.abort();
      }
    })();
    await expect(run).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
    const atStop = pulled.members;
    expect(atStop).toBeGreaterThanOrEqual(32);
    // The source is closed, not left running behind the cancel.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled.members).toBe(atStop);
  });

  it('inflate the same on zlib and on DecompressionStream, limits and bad streams alike', async () => {
    const inflate = async (bytes: Buffer, engine?: 'web') => {
      const out: Buffer[] = [];
      try {
        for await (const chunk of gunzipLimited([bytes].values() as never, engine ? { engine } : {}))
          out.push(Buffer.from(chunk));
        return Buffer.concat(out).toString();
      } catch (e) {
        // Where zlib stops within its buffers may differ by a chunk: the counts are left out.
        const message = (e as Error).message.replace(/: .*$/, '').replace(/[\d,]+ bytes/g, 'N bytes');
        return `${(e as { code: string }).code}: ${message}`;
      }
    };
    const one = gzipSync('CCO a\n');
    const inputs = [
      Buffer.concat([one, gzipSync('CCN b\n'), Buffer.alloc(64)]),
      one.subarray(0, one.length - 3),
      Buffer.concat([one, Buffer.from('junk')]),
      Buffer.concat(Array<Buffer>(80).fill(gzipSync(Buffer.alloc(2 ** 20)))),
    ];
    const results = [];
    for (const bytes of inputs) {
      const node = await inflate(bytes);
      expect(await inflate(bytes, 'web')).toBe(node);
      results.push(node);
    }
    expect(results).toEqual([
      'CCO a\nCCN b\n',
      'READER_FORMAT: the gzip stream is corrupt or truncated',
      'READER_FORMAT: the gzip stream is corrupt or truncated',
      'READER_LIMIT: the gzip input decompresses to more than 200 times its size (N bytes from its first N bytes), the limit (maxCompressionRatio)',
    ]);
  });

  it('check its limits: a bad value is an INVALID_ARGUMENT naming the option', async () => {
    for (const [name, value] of [
      ['maxLineBytes', 0],
      ['maxRecordBytes', 1.5],
      ['maxDecompressedBytes', -1],
      ['maxCompressionRatio', Number.NaN],
    ] as const)
      await expect(all(readMolecules([gzipSync('CCO a\n')], { [name]: value }))).rejects.toSatisfy(
        (e) => isStrataError(e, 'INVALID_ARGUMENT') && (e as Error).message.startsWith(`${name} must be`),
      );
  });
});
