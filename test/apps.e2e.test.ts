// Each domain API started on its own, as `node apps/<domain>-api/dist/server.js` runs it, on a free
// port: ready, one real call, and a clean stop on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function start(app: string): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [join(root, `apps/${app}/dist/server.js`)], {
    cwd: mkdtempSync(join(tmpdir(), `strata-${app}-`)),
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', STRATA_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*listening/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${app} exited with ${code}:\n${out}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, stop };
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe.each([
  {
    app: 'timeseries-api',
    call: (url: string) =>
      fetch(
        `${url}/v1/forecast`,
        json({ series: [{ id: 'a', values: [1, 2, 3, 4, 5, 6] }], h: 2, model: 'drift' }),
      ),
    check: (body: { forecasts: { mean: number[] }[] }) => expect(body.forecasts[0]!.mean).toEqual([7, 8]),
  },
  {
    app: 'drug-api',
    call: (url: string) =>
      fetch(
        `${url}/v1/molecules/score`,
        json({ molecules: ['CCO'], options: { descriptors: ['NumHeavyAtoms'] } }),
      ),
    check: (body: { rows: { NumHeavyAtoms: number }[] }) => expect(body.rows[0]!.NumHeavyAtoms).toBe(3),
  },
  {
    app: 'weather-api',
    call: (url: string) => fetch(`${url}/v1/models`),
    check: (body: { models: { id: string }[] }) =>
      expect(body.models.map((m) => m.id)).toEqual(['era5-uk-t2m-1h']),
  },
])('$app on its own', ({ app, call, check }) => {
  it('starts, is ready, answers a real call, and stops on SIGTERM with exit code 0', async () => {
    const { url, stop } = await start(app);
    try {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const res = await call(url);
      expect(res.status).toBe(200);
      check((await res.json()) as never);
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    } finally {
      expect(await stop()).toBe(0);
    }
  });
});
