// Fit-and-forecast time of the statistical forecasters over the 87 reference series and over 1,000
// series cut from them, on one thread and on every core, beside R's forecast package timed in the same
// run on one core (when Rscript and r-cran-forecast are installed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { series, type Series } from '@strata/timeseries';
import { forecastMany } from '@strata/timeseries/node';
import { referenceSeries } from '@strata/timeseries/testing';
import { printTable, writeResults } from '../harness.js';

type Method = 'ets' | 'theta' | 'arima';
interface Task {
  readonly s: Series;
  readonly h: number;
}

const R_SCRIPT = fileURLToPath(new URL('../../timeseries/forecast.R', import.meta.url));

/** R's seconds for the tasks, or null when R or its forecast package is missing. */
function timeR(tasks: readonly Task[], method: Method, dir: string): number | null {
  const csv = join(dir, `${method}-${tasks.length}.csv`);
  const rows = tasks.map((t) => `"${t.s.id}",${t.s.period},${t.h},"${Array.from(t.s.values).join(' ')}"`);
  writeFileSync(csv, `id,period,h,values\n${rows.join('\n')}\n`);
  try {
    const out = execFileSync('Rscript', [R_SCRIPT, csv, method], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return (JSON.parse(out.trim().split('\n').pop()!) as { seconds: number }).seconds;
  } catch {
    return null;
  }
}

async function timeStrata(tasks: readonly Task[], method: Method, threads: number): Promise<number> {
  // One h for all: the larger set's series share theirs, and the reference horizons are ≤ 2 seasons.
  const groups = new Map<number, Series[]>();
  for (const t of tasks) groups.set(t.h, [...(groups.get(t.h) ?? []), t.s]);
  const start = performance.now();
  for (const [h, list] of groups) {
    const results = await forecastMany(list, { method, h, threads });
    const failed = results.filter((r) => r.error);
    if (failed.length) throw new Error(`${method} failed on ${failed.map((r) => r.id).join(', ')}`);
  }
  return (performance.now() - start) / 1000;
}

/** 1,000 series of 4 to 6 seasons (or 48 to 72 values) cut from the reference series' training data. */
function largerSet(): Task[] {
  const refs = referenceSeries().filter((r) => r.period <= 12);
  const out: Task[] = [];
  let seed = 1;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  while (out.length < 1000) {
    const r = refs[out.length % refs.length]!;
    const m = Math.max(r.period, 12);
    const len = Math.min(r.train.length, Math.round((4 + 2 * next()) * m));
    const start = Math.floor(next() * (r.train.length - len + 1));
    const s = series(`${r.name}#${out.length}`, r.train.subarray(start, start + len), { period: r.period });
    out.push({ s, h: r.period > 1 ? r.period : 6 });
  }
  return out;
}

export async function benchTimeseries(): Promise<void> {
  const full = Boolean(process.env.STRATA_BENCH_FULL);
  const cores = availableParallelism();
  const reference: Task[] = referenceSeries().map((r) => ({
    s: series(r.name, r.train, { period: r.period }),
    h: r.h,
  }));
  // auto.arima over all 87 takes R about 9 minutes; by default ARIMA runs on the series up to 250 long.
  const sets: [string, Method, Task[]][] = [
    ['87 reference', 'ets', reference],
    ['87 reference', 'theta', reference],
    [
      full ? '87 reference' : '66 reference (n <= 250)',
      'arima',
      full ? reference : reference.filter((t) => t.s.values.length <= 250),
    ],
    ['1,000 cut', 'ets', largerSet()],
    ['1,000 cut', 'theta', largerSet()],
    ...(full ? ([['1,000 cut', 'arima', largerSet()]] as [string, Method, Task[]][]) : []),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-ts-'));
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [name, method, tasks] of sets) {
      const r = timeR(tasks, method, dir);
      const one = await timeStrata(tasks, method, 0);
      const all = await timeStrata(tasks, method, cores);
      rows.push({
        series: name,
        method,
        'R s (1 core)': r ?? 'no R',
        'Strata s (1 thread)': one,
        'speed-up vs R (1 core)': r ? r / one : '-',
        [`Strata s (${cores} threads)`]: all,
        [`speed-up vs R (${cores} cores)`]: r ? r / all : '-',
      });
      console.log(`  ${name} ${method}: R ${r ?? '-'} s, Strata ${one.toFixed(2)} s / ${all.toFixed(2)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    'fit and forecast with automatic model selection: R forecast 8.20 (one core) vs Strata (goal: faster per series on one core)',
    rows,
  );
  console.log(`\nwrote ${writeResults('timeseries', { rows })}`);
}
