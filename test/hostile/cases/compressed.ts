// Compressed screen files: gzip bombs (zeros, "C", short lines, nested, many members), broken gzip
// (truncated, junk after it), archives Strata does not read, and gzip files that are fine. The
// gateway takes them as they are (a gzip file, not a Content-Encoding); the screen job decompresses
// them within a size and a ratio limit, fails naming the limit or the fault, keeps none of a bomb's
// bytes, and stops promptly when cancelled mid-decompression.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, vi } from 'vitest';
import type { HostileCase, HostileServer } from '../case.js';
import {
  expectScreened,
  expectScreenFailed,
  failedRows,
  screenFile,
  within,
  type ScreenEnd,
} from './delimited-files.js';

const GZIP = 'application/gzip';
const RATIO =
  /^the uploaded file: the gzip input decompresses to more than 200 times its .* \(maxCompressionRatio\): a decompression bomb\?/;

/** `n` members, each the gzip of `member`: a bomb of n times its size that costs the sender little. */
const members = (member: Buffer, n: number) => Buffer.concat(Array<Buffer>(n).fill(gzipSync(member)));

/** The first `n` molecules of the bundled NCI set, as a SMILES file. */
function library(n: number): Buffer {
  const text = readFileSync(new URL('../../../datasets/nci-first-5k.smi', import.meta.url), 'utf8');
  return Buffer.from(`${text.split('\n').slice(0, n).join('\n')}\n`);
}

/** Expects what a plain upload of `plain` gives, from `bytes` (a gzip of it). */
async function sameAsPlain(server: HostileServer, plain: Buffer, bytes: Buffer, type = GZIP) {
  const expected = (await screenFile(server, plain)).end;
  const { end } = await screenFile(server, bytes, { type });
  expectScreened(end, expected.summary!.rows, expected.summary!.failed);
}

const bombs: [string, () => Buffer][] = [
  ['256 MiB of zeros in one member', () => gzipSync(Buffer.alloc(256 * 2 ** 20), { level: 9 })],
  ['256 MiB of "C" without a line end', () => gzipSync(Buffer.alloc(256 * 2 ** 20, 'C'), { level: 9 })],
  ['512 MiB of "CC" lines as 64 members', () => members(Buffer.from('CC\n'.repeat(2 ** 23 / 3 + 1)), 64)],
  ['800 MiB of zeros as 200 members', () => members(Buffer.alloc(4 * 2 ** 20), 200)],
];

export const compressedCases: HostileCase[] = [
  ...bombs.map(([what, bomb]): HostileCase => ({
    kind: 'compressed',
    name: `a gzip bomb, ${what}: the screen fails naming the ratio limit`,
    async run(server) {
      const bytes = bomb();
      expect(bytes.length).toBeLessThan(2 ** 20);
      const { end } = await screenFile(server, bytes, { type: GZIP });
      expectScreenFailed(end, 'READER_LIMIT', RATIO);
    },
  })),
  {
    kind: 'compressed',
    name: 'gzip inside gzip (a bomb in the inner layer): refused naming the nesting',
    async run(server) {
      const nested = gzipSync(gzipSync(Buffer.alloc(256 * 2 ** 20), { level: 9 }));
      const { end } = await screenFile(server, nested, { type: GZIP });
      expectScreenFailed(end, 'READER_FORMAT', /^the uploaded file: the gzip input holds another gzip file/);
    },
  },
  {
    kind: 'compressed',
    name: 'a gzip bomb sent as application/octet-stream: found by its magic number, failed the same',
    async run(server) {
      const { end } = await screenFile(server, members(Buffer.alloc(4 * 2 ** 20), 64), {
        type: 'application/octet-stream',
      });
      expectScreenFailed(end, 'READER_LIMIT', RATIO);
    },
  },
  {
    kind: 'compressed',
    name: 'a library gzipped as three concatenated members: screened whole, as the plain file',
    async run(server) {
      const plain = library(300);
      const thirds = [0, 1, 2].map((i) =>
        gzipSync(plain.subarray((i * plain.length) / 3, ((i + 1) * plain.length) / 3)),
      );
      await sameAsPlain(server, plain, Buffer.concat(thirds));
    },
  },
  {
    kind: 'compressed',
    name: 'a gzip library followed by zero padding (as tar pads): screened as the plain file',
    async run(server) {
      const plain = library(100);
      await sameAsPlain(server, plain, Buffer.concat([gzipSync(plain), Buffer.alloc(4096)]));
    },
  },
  {
    kind: 'compressed',
    name: 'a gzip screen file that is fine (500 molecules): the same rows as the plain file',
    async run(server) {
      const plain = library(500);
      await sameAsPlain(server, plain, gzipSync(plain, { level: 9 }));
    },
  },
  {
    kind: 'compressed',
    name: 'a plain SMILES file labelled application/gzip: read as the text it is',
    async run(server) {
      const plain = library(50);
      await sameAsPlain(server, plain, plain);
    },
  },
  {
    kind: 'compressed',
    name: 'a gzipped SD file with a 2 MiB data line in one record: that record an error, the others screened',
    async run(server) {
      const record = (title: string, field: string) =>
        `${title}\n  hand\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\nM  END\n> <NOTE>\n${field}\n\n$$$$\n`;
      const sdf = record('one', 'x') + record('two', 'y'.repeat(2 * 2 ** 20)) + record('three', 'z');
      const { id, end } = await screenFile(server, gzipSync(sdf), { type: GZIP });
      expectScreened(end, 3, 1);
      expect(await failedRows(server, id)).toEqual([
        [2, 'two', 'line 18 is 2,097,152 bytes long, over the limit of 262,144 bytes (maxLineBytes)'],
      ]);
    },
  },
  {
    kind: 'compressed',
    name: 'a gzipped TSV whose middle row opens a quote it never closes: one error row there',
    async run(server) {
      const rows = Array.from({ length: 40 }, (_, i) => (i === 19 ? `"CCO\tq` : `CCO\tm${i}`));
      const { id, end } = await screenFile(server, gzipSync(`smiles\tid\n${rows.join('\n')}\n`), {
        type: GZIP,
        format: 'tsv',
      });
      expectScreened(end, 40, 1);
      expect(await failedRows(server, id)).toEqual([
        [21, null, expect.stringMatching(/^line 21: a quoted field opens here and is not closed/)],
      ]);
    },
  },
  {
    kind: 'compressed',
    name: 'a gzipped UTF-16 file: decompressed, then read as the text it is',
    async run(server) {
      const text = '\uFEFFsmiles\tname\r\nCCO\tethanol\r\nc1ccccc1\tbenzene\r\n';
      const { end } = await screenFile(server, gzipSync(Buffer.from(text, 'utf16le')), { type: GZIP });
      expectScreened(end, 2, 0);
    },
  },
  ...(
    [
      ['cut short', (gz: Buffer) => gz.subarray(0, Math.floor(gz.length * 0.6))],
      ['cut in its 8-byte trailer', (gz: Buffer) => gz.subarray(0, gz.length - 3)],
      ['followed by junk', (gz: Buffer) => Buffer.concat([gz, Buffer.from('this is not gzip\n')])],
      ['with a flipped byte in its data', (gz: Buffer) => Buffer.from(gz).fill(0x55, 40, 48)],
    ] as const
  ).map(([what, spoil]): HostileCase => ({
    kind: 'compressed',
    name: `a gzip library ${what}: the screen fails as corrupt or truncated, no rows half-screened`,
    async run(server) {
      const { end } = await screenFile(server, spoil(gzipSync(library(400))), { type: GZIP });
      expectScreenFailed(end, 'READER_FORMAT', /^the uploaded file: the gzip stream is corrupt or truncated/);
      expect(end.summary).toBeNull();
    },
  })),
  ...(
    [
      ['a zip archive', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00'), library(20)])],
      ['a bzip2 file', Buffer.from('BZh91AY&SY\x00\x01')],
      ['an xz file', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4])],
    ] as const
  ).map(([what, bytes]): HostileCase => ({
    kind: 'compressed',
    name: `${what}: refused by name, not read as garbage rows`,
    async run(server) {
      const { end } = await screenFile(server, bytes, { type: 'application/octet-stream' });
      expectScreenFailed(
        end,
        'READER_FORMAT',
        new RegExp(`^the uploaded file: the input is ${what}, which Strata does not read`),
      );
    },
  })),
  {
    kind: 'compressed',
    name: 'a gzip bomb cancelled while it decompresses: the job ends cancelled, promptly',
    async run(server) {
      // Short lines make the plan slow before the ratio limit trips: time to cancel it mid-way.
      const bomb = members(Buffer.from('C\n'.repeat(2 ** 23)), 60);
      const res = await server.post('/drug/v1/screens', { 'content-type': GZIP }, [bomb]);
      expect(res.status).toBe(202);
      const job = res.body as { id: string; links: { events: string } };
      const ended = server.jobEnd('drug', job.links) as Promise<ScreenEnd>;
      await vi.waitFor(
        async () => expect((await server.get(`/drug/v1/jobs/${job.id}`)).body.state).toBe('running'),
        { timeout: 30_000, interval: 20 },
      );
      const cancel = await server.json(`/drug/v1/jobs/${job.id}/cancel`, {});
      expect(cancel.status).toBeLessThan(300);
      const end = await within(ended, 15_000, 'the cancelled job ending');
      expect(end).toMatchObject({ state: 'cancelled', error: null });
    },
  },
];
