// The code before a change, built beside the working tree: `git archive` of a commit into the OS temp
// dir, installed from pnpm's store and compiled once, then reused by later runs (keyed by the commit).
// Suites that compare with it run its built files in child processes; where git, the commit or the
// install is missing they skip with a note instead of failing the whole `pnpm bench`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root of this working tree. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The commit the suites compare with: the code before the job orchestrator, the core worker pool and
 * the thread budget (`STRATA_BENCH_BASELINE` names another).
 */
export const BASELINE_COMMIT = process.env.STRATA_BENCH_BASELINE || '9dd4aaf';

/** A built baseline tree: its root and the commit it holds. */
export interface BaselineTree {
  readonly root: string;
  readonly commit: string;
  /** The short form, for tables. */
  readonly short: string;
}

/** Files every suite that compares with the baseline runs from it. */
const NEEDED = ['bench/dist/drug/screen-child.js', 'apps/gateway/dist/server.js'];
const READY = '.strata-baseline-ready';
const MINUTES = 60_000;

function run(cmd: string, args: string[], cwd: string, timeoutMin = 10) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: timeoutMin * MINUTES,
    // The CUDA provider's download is the only network an install of onnxruntime-node would need.
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', CI: 'true' },
  });
  const tail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), why: r.error?.message ?? tail };
}

let cached: Promise<BaselineTree | { skipped: string }> | undefined;

/**
 * The baseline tree of {@link BASELINE_COMMIT}, built on first use (tens of seconds: install from the
 * store, `tsc -b`) and kept under the OS temp dir; `{ skipped }` says why there is none.
 */
export function baselineTree(): Promise<BaselineTree | { skipped: string }> {
  cached ??= Promise.resolve()
    .then(build)
    .catch((err: unknown) => ({ skipped: `building the baseline failed: ${String(err)}` }));
  return cached;
}

function build(): BaselineTree | { skipped: string } {
  const rev = run(
    'git',
    ['-C', ROOT, 'rev-parse', '--verify', '--quiet', `${BASELINE_COMMIT}^{commit}`],
    ROOT,
  );
  if (!rev.ok || !rev.out) {
    const why = rev.why ? `: ${rev.why}` : '';
    return { skipped: `commit ${BASELINE_COMMIT} is not in this checkout's git history${why}` };
  }
  const commit = rev.out;
  const short = commit.slice(0, 7);
  const root = join(tmpdir(), `strata-baseline-${commit.slice(0, 12)}`);
  const built = () => NEEDED.every((f) => existsSync(join(root, f)));
  if (existsSync(join(root, READY)) && built()) return { root, commit, short };
  console.log(`\nbuilding the baseline ${short} in ${root} (once: later runs reuse it)`);
  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const tar = `${root}.tar`;
  const steps: [string, string, string[]][] = [
    ['git archive', 'git', ['-C', ROOT, 'archive', '--format=tar', '-o', tar, commit]],
    ['tar', 'tar', ['-xf', tar, '-C', root]],
  ];
  for (const [what, cmd, args] of steps) {
    const r = run(cmd, args, root);
    if (!r.ok) return { skipped: `${what} of ${short} failed: ${r.why}` };
  }
  rmSync(tar, { force: true });
  // From the store alone when it is warm; else from the registry.
  const pnpm = ['-y', 'pnpm@12.4.2', 'install', '--frozen-lockfile'];
  let install = run('npx', [...pnpm, '--offline'], root);
  if (!install.ok) install = run('npx', pnpm, root);
  if (!install.ok) return { skipped: `installing the baseline ${short} failed: ${install.why}` };
  const tsc = run('npx', ['--no-install', 'tsc', '-b'], root);
  if (!built()) return { skipped: `building the baseline ${short} failed: ${tsc.why}` };
  writeFileSync(join(root, READY), `${commit}\n`);
  console.log(`built the baseline ${short} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { root, commit, short };
}

/** The working tree's commit, with "+ changes" when files differ from it (for tables). */
export function currentLabel(): string {
  const head = run('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], ROOT);
  if (!head.ok) return 'this tree';
  const dirty = run('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], ROOT);
  return `${head.out}${dirty.ok && dirty.out ? ' + changes' : ''}`;
}
