// The standing hostile-input suite: every crafted input of `cases/` sent to `npm start`'s server (the
// built gateway, over real HTTP), each followed by an ordinary request that must still succeed. A case
// that kills the server fails, and the next case gets a fresh one, so one break never hides another.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from '../gateway-process.js';
import { HostileServer, type HostileCase } from './case.js';
import { authCases } from './cases/auth.js';
import { compressedCases } from './cases/compressed.js';
import { delimitedFileCases } from './cases/delimited-files.js';
import { designCases } from './cases/designs.js';
import { gridFileCases } from './cases/grid-files.js';
import { jobStoreCases } from './cases/job-store.js';
import { moleculeCases } from './cases/molecules.js';
import { requestCases } from './cases/requests.js';
import { seriesCases } from './cases/series.js';
import { uploadCases } from './cases/uploads.js';

/** Every case of the corpus, by kind. */
const corpus: readonly HostileCase[] = [
  ...uploadCases,
  ...gridFileCases,
  ...moleculeCases,
  ...designCases,
  ...seriesCases,
  ...delimitedFileCases,
  ...compressedCases,
  ...requestCases,
  ...authCases,
  ...jobStoreCases,
];

let gateway: GatewayProcess | undefined;
let server: HostileServer;

/** Starts the suite's gateway on a state directory. */
const start = (stateDir: string) => startGateway({ STRATA_STATE_DIR: stateDir, STRATA_UPLOAD_LIMIT_MB: '1' });

/** A gateway that runs: the one of the last case, or a fresh one where a case killed it. */
async function liveServer(): Promise<HostileServer> {
  if (gateway?.process.exitCode === null && gateway.process.signalCode === null) return server;
  const stateDir = mkdtempSync(join(tmpdir(), 'strata-hostile-'));
  gateway = await start(stateDir);
  server = new HostileServer(gateway.base, stateDir, async (change) => {
    const exited = new Promise((resolve) => gateway!.process.once('exit', resolve));
    gateway!.stop();
    await exited;
    await change?.();
    gateway = await start(stateDir);
    return gateway.base;
  });
  return server;
}

// A case's budget does not include starting a fresh server where the previous case killed it.
beforeEach(() => liveServer().then(() => undefined), 120_000);
afterAll(() => gateway?.stop());

/** The server still answers an ordinary request of each domain after a hostile one. */
async function stillServes(s: HostileServer): Promise<void> {
  const score = await s.json('/drug/v1/molecules/score', { molecules: ['CCO'] });
  expect(score.status).toBe(200);
  const forecast = await s.json('/timeseries/v1/forecast', {
    series: [{ id: 's', values: [1, 2, 3, 4, 5, 6, 7, 8] }],
    h: 2,
    model: 'naive',
  });
  expect(forecast.status).toBe(200);
  expect((await s.get('/readyz')).status).toBe(200);
}

const held: Record<string, [number, number]> = {};

/** The corpus grouped by kind, in the order kinds first appear. */
const byKind = new Map<string, HostileCase[]>();
for (const c of corpus) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);

for (const [kind, cases] of byKind)
  describe(`hostile ${kind}`, () => {
    for (const c of cases)
      it(
        c.name,
        async () => {
          const tally = (held[kind] ??= [0, 0]);
          tally[1] += 1;
          await c.run(server);
          await stillServes(server);
          tally[0] += 1;
        },
        c.timeoutMs ?? 60_000,
      );
  });

afterAll(() => {
  const lines = Object.entries(held).map(([kind, [ok, all]]) => `  ${kind}: ${ok} of ${all} held`);
  const [ok, all] = Object.values(held).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
  process.stdout.write(`hostile-input suite: ${ok} of ${all} inputs held\n${lines.join('\n')}\n`);
});

describe('an ordinary upload beside the hostile ones', () => {
  it('plain or gzip-encoded, becomes the job input with the bytes sent', async () => {
    const s = await liveServer();
    const rows = Array.from({ length: 48 }, (_, i) => `s,${Date.UTC(1949, i, 1)},${100 + (i % 12) * 5}`);
    const csv = Buffer.from(`id,timestamp,value\n${rows.join('\n')}\n`);
    const before = await s.uploads();
    for (const encoding of ['identity', 'gzip']) {
      const res = await s.post(
        '/timeseries/v1/forecast-jobs?h=3&model=snaive',
        { 'content-type': 'text/csv', 'content-encoding': encoding },
        [encoding === 'gzip' ? gzipSync(csv) : csv],
      );
      expect(res.status).toBe(202);
      expect((await s.jobEnd('timeseries', res.body.links as { events: string })).state).toBe('succeeded');
    }
    const kept = (await s.uploads()).filter((name) => !before.includes(name));
    expect(kept).toHaveLength(2);
    for (const name of kept) {
      expect(name).toMatch(/^[0-9a-f-]{36}\.csv$/);
      expect(readFileSync(join(s.stateDir, 'uploads', name)).equals(csv)).toBe(true);
    }
  });
});
