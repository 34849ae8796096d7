// Threads of a gateway running two screens at once, now and before (the baseline commit, built by
// ../baseline.ts), in one run. Each built gateway starts as `npm start` runs it (default threads and
// job workers: every core), gets two screens of the bundled library over HTTP at once, and is sampled
// every 100 ms while they run: its OS thread count (/proc/<pid>/status) and, where it has the metric,
// its pool threads from /metrics (`strata_threads`, from the process's thread budget).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { baselineTree, currentLabel, ROOT } from '../baseline.js';
import { median, printTable, writeResults } from '../harness.js';

const SAMPLE_MS = 100;
const SCREENS = 2;
const ROUNDS = Math.max(1, Number(process.env.STRATA_BENCH_GATEWAY_ROUNDS || 2));
/** Molecules of the bundled library each screen takes (`STRATA_BENCH_GATEWAY_MOLECULES`; default all). */
const SUBSET = Number(process.env.STRATA_BENCH_GATEWAY_MOLECULES || 0);
const LIBRARY_FILE = 'datasets/nci-first-5k.smi';

interface Gateway {
  readonly url: string;
  readonly child: ChildProcess;
  readonly dir: string;
}

async function startGateway(root: string): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-gateway-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', STRATA_RATE_LIMIT: '0' };
  // The defaults `npm start` runs with: threads and job workers from the cores, jobs in this process.
  for (const name of ['STRATA_THREADS', 'STRATA_JOB_WORKERS', 'STRATA_JOBS']) delete env[name];
  env.STRATA_STATE_DIR = join(dir, 'state');
  const child = spawn(process.execPath, [join(root, 'apps/gateway/dist/server.js')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the gateway of ${root} exited with ${code}:\n${out}`)));
  });
  return { url, child, dir };
}

async function stopGateway(g: Gateway): Promise<void> {
  if (g.child.exitCode === null) {
    const exited = new Promise((resolve) => g.child.once('exit', resolve));
    g.child.kill('SIGTERM');
    const late = setTimeout(() => g.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(late);
  }
  rmSync(g.dir, { recursive: true, force: true });
}

/** The process's OS threads, or null where there is no /proc. */
function osThreads(pid: number): number | null {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return null;
  const m = /^Threads:\s+(\d+)/m.exec(readFileSync(status, 'utf8'));
  return m ? Number(m[1]) : null;
}

/** `strata_threads` by state from /metrics; empty where the gateway has no such metric. */
async function poolThreads(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^strata_threads\{([^}]*)\}\s+(\S+)/gm)) {
    const state = /state="([^"]+)"/.exec(m[1]!)?.[1];
    if (state) out[state] = Number(m[2]);
  }
  return out;
}

async function json(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** What a screen request sends: the bundled library, or its first SUBSET molecules. */
async function screenBody(url: string): Promise<string> {
  if (SUBSET) {
    const lines = readFileSync(join(ROOT, LIBRARY_FILE), 'utf8').trim().split('\n').slice(0, SUBSET);
    return JSON.stringify({ molecules: lines.map((l) => l.split(/\s+/)[0]!), options: {} });
  }
  const { libraries } = (await json(`${url}/drug/v1/libraries`)) as { libraries: { id: string }[] };
  return JSON.stringify({ library: libraries[0]!.id, options: {} });
}

interface Sample {
  readonly ms: number;
  readonly os: number | null;
  readonly pool: Record<string, number>;
  readonly running: number;
}

/** Submits the screens at once and samples until every one has ended. */
async function twoScreens(g: Gateway) {
  const body = await screenBody(g.url);
  const idle = { os: osThreads(g.child.pid!), pool: await poolThreads(g.url) };
  const started = performance.now();
  const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  const jobs = await Promise.all(
    Array.from({ length: SCREENS }, () => json(`${g.url}/drug/v1/screens`, post)),
  );
  const samples: Sample[] = [];
  let states: string[];
  do {
    const [pool, views] = await Promise.all([
      poolThreads(g.url),
      Promise.all(jobs.map((j) => json(`${g.url}/drug/v1/jobs/${String(j.id)}`))),
    ]);
    states = views.map((v) => String(v.state));
    const running = states.filter((s) => s === 'running').length;
    samples.push({ ms: performance.now() - started, os: osThreads(g.child.pid!), pool, running });
    await sleep(SAMPLE_MS);
  } while (states.some((s) => s === 'queued' || s === 'running'));
  if (states.some((s) => s !== 'succeeded')) throw new Error(`the screens ended ${states.join(', ')}`);
  return { idle, samples, seconds: (performance.now() - started) / 1000 };
}

const known = (xs: readonly (number | null | undefined)[]) =>
  xs.filter((x): x is number => typeof x === 'number');
const maxOf = (xs: readonly (number | null | undefined)[]) =>
  known(xs).length ? Math.max(...known(xs)) : null;

/** One gateway of the tree at `root`, started fresh, running the screens. */
async function once(root: string) {
  const g = await startGateway(root);
  try {
    return await twoScreens(g);
  } finally {
    await stopGateway(g);
  }
}

/** The rounds of one tree: maxima over all samples of every round, the median time. */
function summary(variant: string, rounds: Awaited<ReturnType<typeof once>>[]) {
  const samples = rounds.flatMap((r) => r.samples);
  const pool = (state: string) => maxOf(samples.map((s) => s.pool[state]));
  const os = known(samples.map((s) => s.os));
  return {
    variant,
    rounds: rounds.length,
    samples: samples.length,
    seconds: median(rounds.map((r) => r.seconds)),
    bothRunning: rounds.every((r) => r.samples.some((s) => s.running === SCREENS)),
    budget: rounds[0]!.idle.pool.size ?? null,
    maxUsed: pool('used'),
    maxBusy: pool('busy'),
    // A running screen of one shard holds one job thread, busy while it waits on its screening pool.
    maxScreening: maxOf(samples.map((s) => (s.pool.busy === undefined ? null : s.pool.busy - s.running))),
    maxLive: pool('live'),
    idleOs: maxOf(rounds.map((r) => r.idle.os)),
    medianOs: os.length ? median(os) : null,
    maxOs: maxOf(os),
    traces: rounds.map((r) => ({ seconds: r.seconds, idle: r.idle, samples: r.samples })),
  };
}

const shown = (v: number | null, none = 'n/a') => (v === null ? none : v);

export async function benchGatewayThreads(): Promise<void> {
  const cores = availableParallelism();
  const tree = await baselineTree();
  if ('skipped' in tree) console.log(`\n(gateway-threads: no baseline gateway, ${tree.skipped})`);
  // Baseline and current alternate, each gateway started fresh, so that drift in load hits both alike.
  const before: Awaited<ReturnType<typeof once>>[] = [];
  const now: typeof before = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (!('skipped' in tree)) before.push(await once(tree.root));
    now.push(await once(ROOT));
    const [b, c] = [before.at(-1), now.at(-1)!];
    console.log(
      `round ${round}/${ROUNDS}: ${b ? `baseline ${b.seconds.toFixed(1)} s, ` : ''}current ${c.seconds.toFixed(1)} s`,
    );
  }
  const base = 'skipped' in tree ? undefined : summary(`baseline ${tree.short}`, before);
  const runs = [...(base ? [base] : []), summary(`current ${currentLabel()}`, now)];
  const rows = runs.map((r) => ({
    variant: r.variant,
    cores,
    'thread budget': shown(r.budget, 'none'),
    'max slots used': shown(r.maxUsed),
    'max busy pool threads': shown(r.maxBusy),
    'of them screening': shown(r.maxScreening),
    'max live pool threads': shown(r.maxLive),
    'OS threads idle': shown(r.idleOs),
    'median OS threads': shown(r.medianOs),
    'max OS threads': shown(r.maxOs),
    'OS threads vs baseline': base?.maxOs && r.maxOs ? r.maxOs / base.maxOs : 'n/a',
    'both screens ran at once': r.bothRunning ? 'yes' : 'no',
    'seconds (median)': r.seconds,
    'time vs baseline': base ? r.seconds / base.seconds : 'n/a',
  }));
  const what = SUBSET
    ? `the first ${SUBSET} molecules of ${LIBRARY_FILE}`
    : `the bundled library (${LIBRARY_FILE})`;
  printTable(
    `a gateway (default threads: ${cores} cores) running ${SCREENS} screens of ${what} at once, sampled every ` +
      `${SAMPLE_MS} ms; baseline and current alternating, ${ROUNDS} rounds, each gateway fresh (maxima over every ` +
      `sample, median time of both screens). Before the budget each of ${cores} job threads ran a screen with a screening thread per core, ` +
      `so ${SCREENS} screens could run ${cores * cores} screening threads (up to cores²); the baseline ` +
      `has no strata_threads metric. Slots used must stay within the budget; busy pool threads count also the job ` +
      `threads that wait on their screens (each lends its slot to its screening pool); "of them screening" is busy ` +
      `less the running screens' job threads (each screen here is one shard)`,
    rows,
  );
  const current = runs.at(-1)!;
  if (current.budget !== null && current.maxUsed !== null && current.maxUsed > current.budget)
    console.log(`\nWARNING: ${current.maxUsed} slots used, over the budget of ${current.budget}`);
  console.log(
    `\nwrote ${writeResults('gateway-threads', { cores, screens: SCREENS, rounds: ROUNDS, subset: SUBSET || null, runs })}`,
  );
}
