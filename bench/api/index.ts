// The API over HTTP against the same work in-process: the built gateway (as `npm start` runs it) on
// loopback, driven by autocannon; the baseline calls the package directly, without HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createScreenPool } from '@strata/drug/node';
import { ets, series } from '@strata/timeseries';
import { referenceSeries } from '@strata/timeseries/testing';
import { median, printTable, writeResults } from '../harness.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SECONDS = 8;

async function startGateway(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'apps/gateway/dist/server.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'strata-bench-api-')),
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'error', STRATA_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

function request(url: string, options: { method?: 'GET' | 'POST'; body?: string; connections?: number }) {
  return {
    url,
    method: options.method ?? 'GET',
    connections: options.connections ?? 8,
    ...(options.body ? { body: options.body, headers: { 'content-type': 'application/json' } } : {}),
  };
}

async function load(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: string; connections?: number },
): Promise<Load> {
  // Two seconds of the same load first, unmeasured: the first scoring call of a set of options opens
  // its pool (RDKit, compiled filters: about a second), and each thread's first calls compile code.
  await autocannon({ ...request(url, options), duration: 2 });
  const r = await autocannon({ ...request(url, options), duration: SECONDS });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** In-process baseline: calls per second and latency percentiles of `f` back to back for the same time. */
async function inProcess(f: () => unknown): Promise<Load> {
  const times: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    const s = performance.now();
    await f();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  return {
    rps: times.length / total,
    p50: median(times),
    p99: times[Math.floor(times.length * 0.99)]!,
    errors: 0,
  };
}

export async function benchApi(): Promise<void> {
  const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;
  const monthly = air.train.subarray(0, 72);
  const body = JSON.stringify({
    series: [{ id: 'air', values: Array.from(monthly), frequency: 'month' }],
    h: 12,
    model: 'ets',
  });
  const gateway = await startGateway();
  const rows: Record<string, string | number>[] = [];
  const row = (call: string, http: Load, base: Load | null, baseline: string) => {
    rows.push({
      call,
      'HTTP req/s': http.rps,
      'HTTP p50 ms': http.p50,
      'HTTP p99 ms': http.p99,
      errors: http.errors,
      baseline,
      'baseline calls/s': base ? base.rps : '-',
      'baseline p99 ms': base ? base.p99 : '-',
      'HTTP / baseline throughput': base ? http.rps / base.rps : '-',
    });
    console.log(`  ${call}: ${http.rps.toFixed(0)} req/s, p99 ${http.p99} ms`);
  };
  try {
    const forecast = await load(`${gateway.url}/timeseries/v1/forecast`, { method: 'POST', body });
    const s = series('air', monthly, { period: 12 });
    row(
      'POST /timeseries/v1/forecast, one monthly series (ETS, h 12)',
      forecast,
      await inProcess(() => ets(s, { h: 12 })),
      'ets() in-process, one thread',
    );
    const molecules = [
      'CC(=O)Oc1ccccc1C(=O)O',
      'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
      'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
      'c1ccccc1O',
      'CCN(CC)CC',
      'OC(=O)c1ccccc1O',
      'CC(=O)Nc1ccc(O)cc1',
      'C1CCCCC1',
      'c1ccc2ccccc2c1',
      'CCOC(=O)C1=CC=CC=C1',
    ];
    const score = await load(`${gateway.url}/drug/v1/molecules/score`, {
      method: 'POST',
      body: JSON.stringify({ molecules }),
    });
    // The baseline: the same pipeline (defaults, SA off as the route has it) on this thread.
    const local = await createScreenPool({ sa: false }, 0);
    const records = molecules.map((molecule, i) => ({ position: i + 1, id: null, molecule, fields: {} }));
    row(
      'POST /drug/v1/molecules/score, 10 molecules',
      score,
      await inProcess(() => local.screen(records)),
      'the screener in-process, one thread',
    );
    await local.close();
    const idle = await load(`${gateway.url}/healthz`, {});
    row('GET /healthz, idle', idle, null, '-');
    // Saturate the job threads with screens of the bundled NCI library (three, so that they outlast
    // both measurements), then probe /healthz beside them.
    const jobs: { id: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const submitted = await fetch(`${gateway.url}/drug/v1/screens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ library: 'nci-5k', options: { models: ['esol-solubility'] } }),
      });
      jobs.push((await submitted.json()) as { id: string });
    }
    const running = async () => {
      const states = await Promise.all(
        jobs.map(
          async (j) =>
            ((await (await fetch(`${gateway.url}/drug/v1/jobs/${j.id}`)).json()) as { state: string }).state,
        ),
      );
      return `${states.filter((s) => s === 'running').length} of ${jobs.length} screens running at the end`;
    };
    await new Promise((r) => setTimeout(r, 3000));
    // The mixed load of a busy day: the screen, and 12 connections of forecasts and scoring beside it,
    // while one client probes /healthz as a load balancer would.
    const [mixed] = await Promise.all([
      load(`${gateway.url}/healthz`, { connections: 1 }),
      load(`${gateway.url}/timeseries/v1/forecast`, { method: 'POST', body, connections: 6 }),
      load(`${gateway.url}/drug/v1/molecules/score`, {
        method: 'POST',
        body: JSON.stringify({ molecules }),
        connections: 6,
      }),
    ]);
    row(
      `GET /healthz (1 connection) beside screens of 5,000 molecules and 12 connections of forecasts and scoring (${await running()})`,
      mixed,
      idle,
      '/healthz idle',
    );
    const busy = await load(`${gateway.url}/healthz`, {});
    row(
      `GET /healthz while screens of 5,000 molecules run (${await running()})`,
      busy,
      idle,
      '/healthz idle',
    );
    for (const j of jobs) await fetch(`${gateway.url}/drug/v1/jobs/${j.id}`, { method: 'DELETE' });
  } finally {
    await gateway.stop();
  }
  printTable(
    'HTTP APIs on loopback (autocannon, 8 connections) beside the same work in-process (goal: /healthz p99 < 50 ms under load)',
    rows,
  );
  console.log(`\nwrote ${writeResults('api', { rows })}`);
}
