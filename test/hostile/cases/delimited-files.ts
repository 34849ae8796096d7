// SMILES/CSV/TSV screen files a spreadsheet or an attacker would make: quotes that never close (in
// small files and in 100,000-line ones), endless lines, NUL bytes, UTF-16, old Mac line ends, thousands
// of columns, nothing at all. Each ends as error rows at their lines, or a job failure that names the
// line or the reason, never a re-parse per line, unbounded buffering or a silent empty result.
import { expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { HostileCase, HostileServer, JobEnd } from '../case.js';
import { UPLOAD_LIMIT } from './uploads.js';

/** The cheapest screen: RDKit parses each molecule and little more, so big files screen fast. */
const LIGHT = { standardise: false, descriptors: [], rules: [], pains: false, qed: false, sa: false };

/** How long a screen of these files may take to end: a bounded wait (within a case's 60 s), not a timing. */
export const JOB_END_MS = 45_000;

/** Rejects when `promise` has not settled within `ms`: a wait that cannot hang the suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A job's end as its events give it, with a screen's summary. */
export type ScreenEnd = JobEnd & { readonly summary: { rows: number; failed: number } | null };

/** Uploads a screen file, expects it taken (202), and follows the job to its end. */
export async function screenFile(
  server: HostileServer,
  body: Buffer | string,
  options: { type?: string; format?: string } = {},
): Promise<{ id: string; end: ScreenEnd }> {
  const format = options.format ? `&format=${options.format}` : '';
  const query = `options=${encodeURIComponent(JSON.stringify(LIGHT))}${format}`;
  const res = await server.post(
    `/drug/v1/screens?${query}`,
    { 'content-type': options.type ?? 'text/plain' },
    [Buffer.from(body)],
  );
  expect(res.status).toBe(202);
  const job = res.body as { id: string; links: { events: string } };
  const end = await within(server.jobEnd('drug', job.links), JOB_END_MS, 'the screen job ending');
  // No message shows where the server keeps its files.
  expect(JSON.stringify(end)).not.toContain(server.stateDir);
  return { id: job.id, end: end as ScreenEnd };
}

/** The rows of a finished screen that failed, by position: `[position, id, error]`. */
export async function failedRows(
  server: HostileServer,
  id: string,
): Promise<[number, string | null, string][]> {
  const res = await server.get(`/drug/v1/jobs/${id}/results?sort=error&order=desc&limit=50`);
  expect(res.status).toBe(200);
  const rows = res.body.rows as { position: number; id: string; error: string | null }[];
  return rows
    .filter((r) => r.error !== null)
    .map((r): [number, string | null, string] => [r.position, r.id, r.error!])
    .sort((a, b) => a[0] - b[0]);
}

/** The ids of a finished screen's rows, in file order. */
async function idsOf(server: HostileServer, id: string): Promise<(string | null)[]> {
  const res = await server.get(`/drug/v1/jobs/${id}/results?sort=position&limit=1000`);
  return (res.body.rows as { id: string | null }[]).map((r) => r.id);
}

/** Expects a screen to succeed with `rows` rows, `failed` of them failed. */
export function expectScreened(end: ScreenEnd, rows: number, failed: number): void {
  expect({ state: end.state, error: end.error, ...end.summary }).toMatchObject({
    state: 'succeeded',
    error: null,
    rows,
    failed,
  });
}

/** Expects a screen to fail with `code` and a message matching `message`. */
export function expectScreenFailed(end: ScreenEnd, code: string, message: RegExp): void {
  expect(end).toMatchObject({ state: 'failed', error: { code } });
  expect(end.error!.message).toMatch(message);
}

const OPEN_QUOTE = /^line \d+: a quoted field opens here and is not closed within 262,144 bytes/;

/**
 * A CSV of `n` rows under a `smiles,id` header, row `at` opening a quote it never closes. In a big
 * file only every 100th row has a molecule (the others an empty SMILES cell, which the reader skips):
 * the reader goes through every line, the screen stays short.
 */
function unbalanced(n: number, at: number): { text: string; rows: number } {
  const every = n > 1000 ? 100 : 1;
  const lines = Array.from({ length: n }, (_, i) =>
    i + 1 === at ? `"C,q${i + 1}` : (i + 1) % every ? `,${i + 1}` : `C,${i + 1}`,
  );
  const rows = lines.filter((l) => !l.startsWith(',')).length;
  return { text: `smiles,id\n${lines.join('\n')}`, rows };
}

/** Where in a file of `n` rows a stray quote goes: the first row, the middle one, the last one. */
const PLACES = (n: number) =>
  [
    ['first', 1],
    ['middle', Math.ceil(n / 2)],
    ['last', n],
  ] as const;

const quoteCases = [12, 100_000].flatMap((n) =>
  PLACES(n).map(([where, at]): HostileCase => ({
    kind: 'delimited-file',
    name: `a CSV of ${n.toLocaleString('en-US')} rows whose ${where} row opens a quote it never closes: one error row there`,
    async run(server) {
      const { text, rows } = unbalanced(n, at);
      const { id, end } = await screenFile(server, text, { type: 'text/csv', format: 'csv' });
      expectScreened(end, rows, 1);
      const [row] = await failedRows(server, id);
      expect(row).toEqual([at + 1, null, expect.stringMatching(OPEN_QUOTE)]);
      expect(row![2]).toContain(`line ${at + 1}:`);
    },
  })),
);

/** A pseudo-random byte generator with a fixed seed: the same "binary file" every run. */
function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out[0] = 0x41; // never a magic number
  return out;
}

export const delimitedFileCases: HostileCase[] = [
  ...quoteCases,
  {
    kind: 'delimited-file',
    name: 'a CRLF CSV whose last line opens a quote and has no line end',
    async run(server) {
      const { id, end } = await screenFile(server, 'smiles,id\r\nCCO,a\r\nCCN,b\r\n"CCC,c', {
        type: 'text/csv',
        format: 'csv',
      });
      expectScreened(end, 3, 1);
      expect(await failedRows(server, id)).toEqual([[4, null, expect.stringMatching(OPEN_QUOTE)]]);
    },
  },
  {
    kind: 'delimited-file',
    name: 'a CSV whose header opens a quote it never closes: the job fails naming line 1',
    async run(server) {
      const { end } = await screenFile(server, '"smiles,id\nCCO,a\nCCN,b\n', {
        type: 'text/csv',
        format: 'csv',
      });
      expectScreenFailed(
        end,
        'READER_FORMAT',
        /^the uploaded file: line 1: a quoted field opens here .* \(the header\)$/,
      );
    },
  },
  {
    kind: 'delimited-file',
    name: 'a SMILES file of one 1 MiB line without a line end: one error row naming the line limit',
    async run(server) {
      const { id, end } = await screenFile(server, 'C'.repeat(UPLOAD_LIMIT - 64));
      expectScreened(end, 1, 1);
      expect(await failedRows(server, id)).toEqual([
        [
          1,
          null,
          `line 1 is ${(UPLOAD_LIMIT - 64).toLocaleString('en-US')} bytes long, over the limit of 262,144 bytes (maxLineBytes)`,
        ],
      ]);
    },
  },
  {
    kind: 'delimited-file',
    name: 'a gzipped SMILES file with a 16 MiB line between two molecules: the line is an error row',
    async run(server) {
      const text = `CCO a\n${'C'.repeat(16 * 2 ** 20)}\nCCN b\n`;
      const { id, end } = await screenFile(server, gzipSync(text), { type: 'application/gzip' });
      expectScreened(end, 3, 1);
      expect(await failedRows(server, id)).toEqual([
        [2, null, 'line 2 is 16,777,216 bytes long, over the limit of 262,144 bytes (maxLineBytes)'],
      ]);
    },
  },
  {
    kind: 'delimited-file',
    name: 'lines with NUL bytes: each an error row, the lines between them screened',
    async run(server) {
      const { id, end } = await screenFile(server, 'CCO\0CCCC a\nCCN b\n\0\0\0\0\nCCC c\n');
      expectScreened(end, 4, 2);
      const nul = 'holds a NUL byte: is this a binary file?';
      expect(await failedRows(server, id)).toEqual([
        [1, null, `line 1 ${nul}`],
        [3, null, `line 3 ${nul}`],
      ]);
    },
  },
  {
    kind: 'delimited-file',
    name: '64 KiB of binary noise as a SMILES file: every row it makes fails, none is a molecule',
    async run(server) {
      const { end } = await screenFile(server, noise(64 * 1024));
      expect(end.state).toBe('succeeded');
      expect(end.summary!.rows).toBeGreaterThan(100);
      expect(end.summary!.failed).toBe(end.summary!.rows);
    },
  },
  ...(['utf16le', 'utf16be'] as const).map((encoding): HostileCase => ({
    kind: 'delimited-file',
    name: `a ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} TSV with a byte-order mark (Excel's "Unicode text"): read as the text it is`,
    async run(server) {
      const text = '\uFEFFsmiles\tname\r\nCCO\téthanol\r\nc1ccccc1\tbenzène\r\nCCN\t二\r\n';
      const le = Buffer.from(text, 'utf16le');
      const { id, end } = await screenFile(server, encoding === 'utf16le' ? le : Buffer.from(le).swap16());
      expectScreened(end, 3, 0);
      expect(await idsOf(server, id)).toEqual(['éthanol', 'benzène', '二']);
    },
  })),
  {
    kind: 'delimited-file',
    name: 'a CSV with lone CR line ends (an old Mac file): one row per line, not one giant header',
    async run(server) {
      const { id, end } = await screenFile(server, 'smiles,id\rCCO,a\rCCN,b\r\rCCC,c\r', {
        type: 'text/csv',
        format: 'csv',
      });
      expectScreened(end, 3, 0);
      expect(await idsOf(server, id)).toEqual(['a', 'b', 'c']);
    },
  },
  {
    kind: 'delimited-file',
    name: 'a CSV of 5,000 columns: its rows screened with their ids',
    async run(server) {
      const cols = Array.from({ length: 5000 }, (_, i) => `d${i}`);
      const row = (smiles: string, id: string) =>
        [smiles, id, ...cols.map((_, i) => String(i % 7))].join(',');
      const text = [
        ['smiles', 'id', ...cols].join(','),
        row('CCO', 'a'),
        row('c1ccccc1', 'b'),
        row('CC(=O)O', 'c'),
      ];
      const { id, end } = await screenFile(server, text.join('\n'), { type: 'text/csv', format: 'csv' });
      expectScreened(end, 3, 0);
      expect(await idsOf(server, id)).toEqual(['a', 'b', 'c']);
    },
  },
  {
    kind: 'delimited-file',
    name: 'a CSV header of 60,000 columns (over the line limit): the job fails naming line 1',
    async run(server) {
      const header = ['smiles', ...Array.from({ length: 60_000 }, (_, i) => `column_${i}`)].join(',');
      const { end } = await screenFile(server, `${header}\nCCO,1\n`, { type: 'text/csv', format: 'csv' });
      expectScreenFailed(
        end,
        'READER_FORMAT',
        /^the uploaded file: line 1 is [\d,]+ bytes long, over the limit of 262,144 bytes \(maxLineBytes\) \(the header\)$/,
      );
    },
  },
  ...(
    [
      ['an empty file', '', /^the uploaded file holds no molecules: it is empty$/],
      [
        'a CSV header alone',
        'smiles,id\n',
        /^the uploaded file holds no molecules: none of its 1 line is a molecule/,
      ],
      [
        'a SMILES header alone',
        'SMILES Name\r\n',
        /^the uploaded file holds no molecules: none of its 1 line/,
      ],
      ['blank lines only', '\n\r\n   \n\t\n', /^the uploaded file holds no molecules: none of its 4 lines/],
    ] as const
  ).map(([what, text, message]): HostileCase => ({
    kind: 'delimited-file',
    name: `${what}: the job fails saying there are no molecules, not an empty success`,
    async run(server) {
      // The format from the content, as a client that names none gets it.
      const { end } = await screenFile(server, text);
      expectScreenFailed(end, 'READER_FORMAT', message);
    },
  })),
  ...(['smiles', 'SMILES Name'] as const).map((first): HostileCase => ({
    kind: 'delimited-file',
    name: `a JSON screen whose first molecule is "${first}" (a header word): one row per molecule`,
    async run(server) {
      const res = await server.json('/drug/v1/screens', {
        molecules: [first, 'CCO', 'CCN x', 'c1ccccc1'],
        options: LIGHT,
      });
      expect(res.status).toBe(202);
      const job = res.body as { id: string; links: { events: string } };
      const end = (await within(
        server.jobEnd('drug', job.links),
        JOB_END_MS,
        'the screen job ending',
      )) as ScreenEnd;
      expectScreened(end, 4, 1);
      expect(await failedRows(server, job.id)).toEqual([
        [1, first.split(' ')[1] ?? null, 'RDKit cannot parse the molecule'],
      ]);
    },
  })),
];
