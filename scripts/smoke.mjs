#!/usr/bin/env node
// CI's smoke test: `npm start` exactly as the README says (in a scratch state directory), then one call
// to each domain through the printed URL, then SIGTERM to the whole process group.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn('npm', ['start'], {
  cwd: root,
  env: { ...process.env, PORT: '0', STRATA_STATE_DIR: mkdtempSync(join(tmpdir(), 'strata-smoke-')) },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
  shell: process.platform === 'win32',
});
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
const timer = setTimeout(() => {
  console.error('smoke: no "serving on" line within 10 minutes');
  stop();
  process.exit(1);
}, 600_000);

const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c.toString();
    const m = /serving on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out.slice(-2000)}`)));
});

const post = (path, body) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const checks = [
  ['GET /readyz', () => fetch(`${url}/readyz`)],
  [
    'POST /drug/v1/molecules/score',
    () => post('/drug/v1/molecules/score', { molecules: ['CC(=O)Oc1ccccc1C(=O)O'] }),
  ],
  [
    'POST /timeseries/v1/forecast',
    () =>
      post('/timeseries/v1/forecast', {
        series: [{ id: 'a', values: [3, 1, 4, 1, 5, 9, 2, 6] }],
        h: 3,
        model: 'naive',
      }),
  ],
  ['GET /weather/v1/models', () => fetch(`${url}/weather/v1/models`)],
  // The web console, as a browser asks for it: the built page, not the JSON index.
  [
    'GET / (the web console)',
    async () => {
      const res = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      const page = await res.text();
      const assets = [...page.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
      if (!page.includes('<div id="app">') || assets.length === 0) return { status: 'not the console page' };
      for (const a of assets) {
        const asset = await fetch(`${url}/${a}`);
        if (asset.status !== 200) return { status: `${asset.status} for ${a}` };
      }
      return res;
    },
  ],
];
let failed = 0;
for (const [name, call] of checks) {
  const res = await call();
  const ok = res.status === 200;
  if (!ok) failed++;
  console.log(`smoke: ${ok ? 'ok  ' : 'FAIL'} ${name} ${res.status}`);
}
clearTimeout(timer);
stop();
process.exit(failed ? 1 : 0);
