// Screening throughput and peak memory now against before (the baseline commit, built by
// ../baseline.ts), in one run: the same drug.screen job on the same file with the same screening
// threads, each in a fresh child process, alternating baseline and current so that drift in the
// machine's load hits both alike. Each tree runs its own bench/dist/drug/screen-child.js
// (`<smiles file> <workers> <models dir>` in both).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineTree, currentLabel, ROOT } from '../baseline.js';
import { median, printTable, writeResults } from '../harness.js';

const MOLECULES = Number(process.env.STRATA_BENCH_SCREEN_MOLECULES || 10_000);
const ROUNDS = Math.max(2, Number(process.env.STRATA_BENCH_ROUNDS || 3));
const WORKERS = Number(process.env.STRATA_BENCH_SCREEN_WORKERS || 2);
const BUNDLED = 'datasets/nci-first-5k.smi';

interface Run {
  readonly molecules: number;
  readonly seconds: number;
  readonly peakMiB: number;
}

/** The bundled NCI library repeated to `n` lines. */
function library(dir: string, n: number): string {
  const lines = readFileSync(join(ROOT, BUNDLED), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(lines[i % lines.length]!);
  const path = join(dir, `nci-${n}.smi`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** One screening of `file` by the tree at `root`, in a fresh process. */
function screen(root: string, file: string): Run {
  const child = join(root, 'bench/dist/drug/screen-child.js');
  const r = spawnSync(process.execPath, [child, file, String(WORKERS), join(root, 'models')], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`the screening child of ${root} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
}

const rate = (r: Run) => r.molecules / r.seconds;

function summary(variant: string, runs: readonly Run[], base?: readonly Run[]) {
  const perSecond = median(runs.map(rate));
  const peak = median(runs.map((r) => r.peakMiB));
  return {
    variant,
    runs: runs.length,
    'molecules/s': perSecond,
    'min-max molecules/s': `${Math.min(...runs.map(rate)).toFixed(0)}-${Math.max(...runs.map(rate)).toFixed(0)}`,
    'peak RSS MiB': peak,
    'max peak MiB': Math.max(...runs.map((r) => r.peakMiB)),
    'throughput vs baseline': base ? perSecond / median(base.map(rate)) : 1,
    'peak RSS vs baseline': base ? peak / median(base.map((r) => r.peakMiB)) : 1,
  };
}

export async function benchScreenBaseline(): Promise<void> {
  const tree = await baselineTree();
  if ('skipped' in tree) {
    console.log(`\n(screen-baseline skipped: ${tree.skipped})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-screen-baseline-'));
  const file = library(dir, MOLECULES);
  const base: Run[] = [];
  const now: Run[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      base.push(screen(tree.root, file));
      now.push(screen(ROOT, file));
      const [b, c] = [base.at(-1)!, now.at(-1)!];
      console.log(
        `round ${round}/${ROUNDS}: baseline ${rate(b).toFixed(0)} molecules/s, ${b.peakMiB} MiB; ` +
          `current ${rate(c).toFixed(0)} molecules/s, ${c.peakMiB} MiB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = [summary(`baseline ${tree.short}`, base), summary(`current ${currentLabel()}`, now, base)];
  // Each round's pair ran back to back: their ratios show how far the noise reaches.
  const paired = base.map((b, i) => ({
    round: i + 1,
    'throughput ratio': rate(now[i]!) / rate(b),
    'peak RSS ratio': now[i]!.peakMiB / b.peakMiB,
  }));
  printTable(
    `screening ${MOLECULES.toLocaleString('en-US')} molecules (${BUNDLED} repeated) with ${WORKERS} screening threads ` +
      `on ${availableParallelism()} cores, the bench pipeline (43 descriptors, Lipinski, PAINS, Morgan similarity, ESOL), ` +
      `each run a fresh process, baseline and current alternating, ${ROUNDS} rounds; medians ` +
      `(goal: throughput and peak memory no worse than the baseline)`,
    rows,
  );
  printTable('the same, each round’s current/baseline pair', paired);
  const data = {
    baseline: tree.commit,
    current: currentLabel(),
    molecules: MOLECULES,
    library: BUNDLED,
    workers: WORKERS,
    cores: availableParallelism(),
    rounds: ROUNDS,
    rows,
    paired,
    runs: { baseline: base, current: now },
  };
  console.log(`\nwrote ${writeResults('screen-baseline', data)}`);
}
