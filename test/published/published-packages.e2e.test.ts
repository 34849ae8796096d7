// Strata as a developer who imports it gets it: every package under packages/ (and the bundled models)
// packed as npm would publish it, installed with npm into an empty project outside the repository, and
// each README's example run there exactly as written. Needs the npm registry for third-party packages.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { root } from '../gateway-process.js';
import { exampleFiles, expectedOutput, installedPackages } from './readme-sections.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { url: string; directory: string };
  engines?: { node?: string };
  dependencies?: Record<string, string>;
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const publishable = [
  ...readdirSync(join(root, 'packages')).map((d) => `packages/${d}`),
  'models', // @strata/models: the bundled models
];
const manifests = new Map(publishable.map((d) => [d, readJson<Manifest>(join(root, d, 'package.json'))]));
const names = new Set([...manifests.values()].map((m) => m.name));
const pnpm = readJson<{ packageManager: string }>(join(root, 'package.json')).packageManager;

function run(cmd: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  // onnxruntime-node's install script only downloads CUDA libraries: skipped, as each README says.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false' };
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Removed after the run (an npm install is a few hundred MB), kept for inspection when a test failed.
let work: string;
let failed = false;
const tarballs = new Map<string, string>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-published-'));
  const packs = join(work, 'packs');
  for (const [dir, m] of manifests) {
    run('npx', ['-y', pnpm, 'pack', '--pack-destination', packs], join(root, dir));
    tarballs.set(m.name, join(packs, `${m.name.replace('@', '').replace('/', '-')}-${m.version}.tgz`));
  }
}, 300_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    failed = true;
  });
});

afterAll(() => {
  if (work && !failed) rmSync(work, { recursive: true, force: true });
});

describe('every package is publishable', () => {
  const repo = readJson<{ repository?: { url: string } }>(
    join(root, 'packages/core/package.json'),
  ).repository;

  it.each(publishable)('%s: public, licensed, documented, with only public Strata dependencies', (dir) => {
    const m = manifests.get(dir)!;
    expect(m.private).toBeUndefined();
    expect(m.license).toBe('Apache-2.0');
    expect(readFileSync(join(root, dir, 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(root, 'LICENSE'), 'utf8'),
    );
    expect(m.repository).toEqual({ ...repo, directory: dir });
    expect(m.engines?.node).toBe('>=20.19');
    const strataDeps = Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@strata/'));
    expect(strataDeps.filter((d) => !names.has(d))).toEqual([]);
    const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
    expect(installedPackages(readme)).toContain(m.name);
    expect(exampleFiles(readme).map((f) => f.file)).toContain('example.mjs');
  });

  it.each(publishable)(
    '%s: its tarball has the README, the LICENSE, the built entry and no workspace: ranges',
    (dir) => {
      const m = manifests.get(dir)!;
      const files = run('tar', ['tzf', tarballs.get(m.name)!], work).stdout.split('\n');
      expect(files).toEqual(
        expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/dist/index.js']),
      );
      expect(files.filter((f) => /\.test\.|\/src\//.test(f))).toEqual([]);
      const packed = run('tar', ['xzf', tarballs.get(m.name)!, '-O', 'package/package.json'], work).stdout;
      expect(packed).not.toContain('workspace:');
    },
  );
});

describe('installed with npm into an empty project, each README example runs as written', () => {
  let project: string;

  beforeAll(() => {
    project = join(work, 'project');
    mkdirSync(project);
    const wanted = new Set(
      publishable.flatMap((d) => installedPackages(readFileSync(join(root, d, 'README.md'), 'utf8'))),
    );
    // Strata's packages come from the tarballs (overrides make their Strata dependencies do the same);
    // the rest, like zod in the service example, from the registry at the range Strata itself uses.
    const strata = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
    const ranges = Object.assign({}, ...[...manifests.values()].map((m) => m.dependencies ?? {})) as Record<
      string,
      string
    >;
    const rangeOf = (p: string) => {
      const range = strata[p] ?? ranges[p];
      if (!range)
        throw new Error(`a README installs ${p}, which no Strata package depends on: pin its range`);
      return range;
    };
    const dependencies = Object.fromEntries([...wanted].map((p) => [p, rangeOf(p)]));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        { name: 'strata-user', private: true, type: 'module', dependencies, overrides: strata },
        null,
        2,
      ),
    );
    run('npm', ['install', '--no-audit', '--no-fund'], project);
  }, 600_000);

  it.each(publishable)(
    '%s',
    (dir) => {
      const folder = join(project, dir.replace('/', '-'));
      mkdirSync(folder);
      const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
      for (const { file, code } of exampleFiles(readme)) writeFileSync(join(folder, file), code);
      const r = run(process.execPath, ['example.mjs'], folder, 120_000);
      // Every line the README shows it printing, in the order shown.
      const printed = r.stdout.split('\n').map((l) => l.trim());
      let at = 0;
      for (const line of expectedOutput(readme)) {
        const found = printed.indexOf(line, at);
        expect(found, `"${line}" in:\n${r.stdout}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    },
    150_000,
  );
});

describe('from the repository root', () => {
  it.each([...names])('%s resolves, as a user of a clone would import it', (name) => {
    const r = run(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import('${name}'); console.log(Object.keys(m).length)`],
      root,
      60_000,
    );
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });

  it('forecasts many series on worker threads from `node --input-type=module -e`', () => {
    // The threads once inherited --input-type and died at start: a pool thread's module is a file.
    const script = `
      import { series } from '@strata/timeseries';
      import { forecastMany } from '@strata/timeseries/node';
      const list = [1, 2, 3].map((k) => series('s' + k, Array.from({ length: 48 }, (_, i) => 10 * k + (i % 12)), { period: 12 }));
      const out = await forecastMany(list, { method: 'snaive', h: 6 });
      console.log(JSON.stringify(out.map((r) => r.forecast?.mean.length ?? r.error)));`;
    const r = run(process.execPath, ['--input-type=module', '-e', script], root, 60_000);
    expect(JSON.parse(r.stdout)).toEqual([6, 6, 6]);
  });
});
