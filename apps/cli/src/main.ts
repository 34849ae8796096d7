#!/usr/bin/env node
// The strata command: `strata screen <input>` screens a molecule file and `strata design` designs
// molecules, each as a job run here without a server.
import { isStrataError } from '@strata/core';
import { createJsonLogger } from '@strata/core/node';
import { resolve } from 'node:path';
import { loadConfig } from './config.js';
import { designJobInput, DESIGN_USAGE } from './design-args.js';
import { runDesign } from './design-command.js';
import { runScreen } from './screen-command.js';
import { SCREEN_USAGE, screenJobInput, UsageError } from './screen-args.js';
import { runWorker, WORKER_USAGE, workerHandlers } from './worker-command.js';

const USAGE = `usage: strata <command> [options]

commands:
  screen <input>   screen a molecule file (strata screen --help)
  design           design molecules for an objective (strata design --help)
  worker           take jobs from the Redis queue and run them (strata worker --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'worker') return worker(rest);
  if (command !== 'screen' && command !== 'design') {
    process.stderr.write(`strata: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command === 'screen' ? SCREEN_USAGE : DESIGN_USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const defaults = { modelsDir: config.modelsDir, cwd: config.cwd };
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  const run = {
    stateDir: resolve(config.cwd, config.stateDir),
    terminal: { out: process.stdout, err: process.stderr },
    signal: interrupt.signal,
  };
  return command === 'screen'
    ? runScreen(screenJobInput(rest, defaults).input, run)
    : runDesign(designJobInput(rest, defaults).input, run);
}

async function worker(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${WORKER_USAGE}\n`);
    return 0;
  }
  const handlers = workerHandlers(args);
  const config = loadConfig();
  const logger = createJsonLogger({ name: 'strata-worker', level: config.logLevel });
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
  return runWorker(
    handlers,
    { ...config, stateDir: resolve(config.cwd, config.stateDir), logger },
    stop.signal,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      isStrataError(err) ||
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`strata: ${(err as Error).message}\n`);
      process.exit(2);
    }
    throw err;
  },
);
