// Hostile input against `npm start`'s server (the built gateway, over real HTTP): uploads that are too
// large or cut off mid-body must cost neither memory nor disk, and leave nothing in the uploads directory.
import { mkdtempSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postChunks, repeat } from '@strata/service/testing';
import { startGateway, type GatewayProcess } from './gateway-process.js';

const stateDir = mkdtempSync(join(tmpdir(), 'strata-hostile-'));
const uploads = join(stateDir, 'uploads');
const LIMIT = 2 ** 20;
let gateway: GatewayProcess;

beforeAll(async () => {
  gateway = await startGateway({ STRATA_STATE_DIR: stateDir, STRATA_UPLOAD_LIMIT_MB: '1' });
}, 120_000);

afterAll(() => gateway.stop());

const post = (path: string, headers: Record<string, string>, chunks: Iterable<Buffer>) =>
  postChunks(`${gateway.base}${path}`, headers, chunks);
const files = () => readdir(uploads).catch(() => [] as string[]);
/** The server removes files when it notices; waiting for it is bounded, never a fixed sleep. */
const noFilesLeft = () => vi.waitFor(async () => expect(await files()).toEqual([]), { timeout: 10_000 });

describe('hostile uploads', () => {
  it('an upload over the limit is a 413 problem, answered before the body ends, leaving no file', async () => {
    // 256 MiB offered in chunks (no declared length) against a 1 MiB limit.
    const row = Buffer.from('id,timestamp,value\n'.padEnd(64 * 1024, 'x'));
    const res = await post(
      '/timeseries/v1/forecast-jobs?h=3',
      { 'content-type': 'text/csv' },
      repeat(row, 4096),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Content Too Large' });
    expect(res.body.detail).toMatch(/larger than this route accepts \(at most 1048576 bytes\)/);
    expect(res.sentAll).toBe(false);
    await noFilesLeft();
  });

  it('a gzip Content-Encoding that inflates past the limit is a 413 too', async () => {
    const res = await post('/drug/v1/screens', { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, [
      gzipSync(Buffer.alloc(4 * LIMIT, 'C')),
    ]);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    await noFilesLeft();
  });

  it('a killed upload (the client destroys the socket mid-body) leaves no partial file', async () => {
    const req = httpRequest(`${gateway.base}/drug/v1/screens`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': String(LIMIT) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.from('CCO ethanol\n'.repeat(20_000)));
    // The partial file is there, with the first bytes in it...
    await vi.waitFor(
      async () => {
        const [name] = await files();
        expect((await stat(join(uploads, name!))).size).toBeGreaterThan(0);
      },
      { timeout: 10_000 },
    );
    req.destroy();
    // ...and goes once the server has noticed the client is gone.
    await noFilesLeft();
  });

  it('a normal upload, plain or gzip-encoded, becomes the job input with the bytes sent', async () => {
    const rows = Array.from({ length: 48 }, (_, i) => `s,${Date.UTC(1949, i, 1)},${100 + (i % 12) * 5}`);
    const csv = Buffer.from(`id,timestamp,value\n${rows.join('\n')}\n`);
    for (const encoding of ['identity', 'gzip']) {
      const res = await post(
        '/timeseries/v1/forecast-jobs?h=3&model=snaive',
        { 'content-type': 'text/csv', 'content-encoding': encoding },
        [encoding === 'gzip' ? gzipSync(csv) : csv],
      );
      expect(res.status).toBe(202);
      const events = await (
        await fetch(`${gateway.base}/timeseries/${(res.body.links as { events: string }).events}`)
      ).text();
      expect(events).toContain('"state":"succeeded"');
    }
    const kept = await files();
    expect(kept).toHaveLength(2);
    for (const name of kept) {
      expect(name).toMatch(/^[0-9a-f-]{36}\.csv$/);
      expect((await readFile(join(uploads, name))).equals(csv)).toBe(true);
    }
  });
});

/** The server still answers an ordinary request after a hostile one. */
async function stillServes(): Promise<void> {
  const res = await fetch(`${gateway.base}/drug/v1/molecules/score`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ molecules: ['CCO'] }),
  });
  expect(res.status).toBe(200);
  expect((await fetch(`${gateway.base}/readyz`)).status).toBe(200);
}

/** Follows a job's events to its end and returns its last state event's data. */
async function finalState(
  domain: string,
  links: { events: string },
): Promise<{ state: string; error: { code: string } | null }> {
  const text = await (await fetch(`${gateway.base}/${domain}/${links.events}`)).text();
  const last = text.trim().split('\n\n').at(-1)!;
  return JSON.parse(last.slice(last.indexOf('data: ') + 6)) as {
    state: string;
    error: { code: string } | null;
  };
}

describe('hostile files and values', () => {
  it.each([0x7fffffff, -5])(
    'a NetCDF file whose header claims %d records fails its forecast job with GRID_FORMAT, and the server lives on',
    async (numrecs) => {
      const file = readFileSync(new URL('../packages/weather/fixtures/edge-cases.nc', import.meta.url));
      new DataView(file.buffer, file.byteOffset).setInt32(4, numrecs);
      const res = await post(
        '/weather/v1/forecasts?model=era5-uk-t2m-1h&init=2019-03-10T00:00:00Z&leads=1',
        { 'content-type': 'application/x-netcdf' },
        [file],
      );
      if (res.status === 202) {
        const end = await finalState('weather', res.body.links as { events: string });
        expect(end).toMatchObject({ state: 'failed', error: { code: 'GRID_FORMAT' } });
        // The message names the file by its own name, never by where the server keeps it.
        expect(JSON.stringify(end)).not.toContain(stateDir);
      } else {
        expect(res.status).toBe(422);
        expect(JSON.stringify(res.body)).not.toContain(stateDir);
      }
      await stillServes();
    },
  );

  it('exports ids that a spreadsheet would run as formulas escaped in the results CSV', async () => {
    const res = await fetch(`${gateway.base}/drug/v1/screens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ molecules: ['CCO =HYPERLINK("http://x")', 'CCN @SUM(A1)', 'CCC propane'] }),
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { links: { events: string }; id: string };
    expect((await finalState('drug', job.links)).state).toBe('succeeded');
    const csv = await (await fetch(`${gateway.base}/drug/v1/jobs/${job.id}/results?format=csv`)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(`'@SUM(A1)`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    await stillServes();
  });
});
