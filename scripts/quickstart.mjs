#!/usr/bin/env node
// The two commands of the README: `npm start` and `npm test`. Both install what is needed first with
// the pinned pnpm (through npx, so nothing but Node.js and npm must be on the machine), then build.
//   node scripts/quickstart.mjs start   builds (with the web console) and starts the gateway on the bundled defaults
//   node scripts/quickstart.mjs test    lint, typecheck, every test, and a one-line summary
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// npx and the .bin shims are .cmd files on Windows, which only a shell runs.
const shell = process.platform === 'win32';
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, command, args, options = {}) {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell, ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`   ${status === 0 ? 'done' : 'FAILED'} in ${seconds} s\n`);
  return { label, ok: status === 0, seconds };
}

/**
 * `tsc -b` one project of the root tsconfig at a time, each named with its place and time as it
 * goes (a first build takes minutes, and a silent one looks hung).
 */
function buildProjects(label) {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const projects = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).references.map(
    (r) => r.path,
  );
  let ok = true;
  for (const [i, project] of projects.entries()) {
    const t = Date.now();
    process.stdout.write(`   [${i + 1}/${projects.length}] ${project} ... `);
    const { status } = spawnSync(bin('tsc'), ['-b', project], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      shell,
    });
    process.stdout.write(`${status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    ok &&= status === 0;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { label, ok, seconds };
}

function install() {
  // onnxruntime-node's install script only fetches CUDA libraries from a host offline servers cannot
  // reach; pnpm-workspace.yaml keeps it off, and this makes sure of it for any other client too.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
  const step = run(
    `install (pnpm ${pnpmVersion}; the first run downloads it and every dependency)`,
    'npx',
    ['-y', `pnpm@${pnpmVersion}`, 'install', '--frozen-lockfile'],
    { env },
  );
  if (!step.ok) fail('install failed: check that the npm registry is reachable');
}

const consoleDir = join(root, 'apps/console');
/** The web console's static files (apps/console/dist), which the gateway serves at `/`. */
const buildConsole = () =>
  run(
    'build the web console',
    join(consoleDir, 'node_modules', '.bin', 'vite'),
    ['build', '--logLevel', 'warn'],
    {
      cwd: consoleDir,
    },
  );

function build() {
  const step = buildProjects('build (TypeScript, every package and app)');
  if (!step.ok || !buildConsole().ok) fail('build failed');
}

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

/** The system programs some tests drive; says which are missing and how to get them, before the run. */
function checkSystemPrograms() {
  const found = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  const missing = [];
  if (!process.env.STRATA_CHROMIUM && !existsSync('/usr/bin/chromium'))
    missing.push('chromium (the web console tests)');
  if (!process.env.STRATA_TEST_REDIS_URL && !found('redis-server'))
    missing.push('redis-server (the Redis job queue tests)');
  if (missing.length)
    process.stdout.write(
      `\nmissing: ${missing.join(', ')}. Install them with: apt-get install chromium redis-server\n` +
        '(or set STRATA_CHROMIUM and STRATA_TEST_REDIS_URL); without them those tests fail.\n',
    );
}

function test() {
  checkSystemPrograms();
  install();
  const steps = [
    run('lint', bin('eslint'), ['.']),
    run('format', bin('prettier'), ['--check', '.']),
    buildProjects('typecheck and build'),
    // The browser tests drive the built console.
    buildConsole(),
  ];
  const out = mkdtempSync(join(tmpdir(), 'strata-test-'));
  const report = join(out, 'vitest.json');
  steps.push(
    run('tests', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]),
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed = r.numPassedTests;
    // A file that failed without a failing test (it did not even load) counts as one failure.
    const broken = r.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    );
    failed = r.numFailedTests + broken.length;
  }
  rmSync(out, { recursive: true, force: true });
  process.stdout.write('\n== summary\n');
  for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.label} (${s.seconds} s)\n`);
  // A failed check that is not a test (lint, format, typecheck) counts as one failure of its own.
  const failedChecks = steps.slice(0, -1).filter((s) => !s.ok).length;
  const testsBroken = !steps.at(-1).ok && failed === 0 ? 1 : 0;
  process.stdout.write(`tests: ${passed} passed, ${failed + failedChecks + testsBroken} failed\n`);
  process.exit(steps.every((s) => s.ok) ? 0 : 1);
}

function start() {
  install();
  build();
  const step = run('start the gateway (Ctrl-C to stop)', process.execPath, [
    join(root, 'apps/gateway/dist/server.js'),
  ]);
  process.exit(step.ok ? 0 : 1);
}

const command = process.argv[2];
if (command === 'test') test();
else if (command === 'start') start();
else fail('usage: node scripts/quickstart.mjs start|test');
