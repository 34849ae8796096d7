// Running the real strata command in its own process, for the CLI's tests.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { modelsDir as MODELS } from '@strata/models';
import { childEnv } from '../config.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
// tsx's loader by path: the command runs in a scratch directory, where a bare `tsx` does not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const NCI = fileURLToPath(new URL('../../../../../shared/datasets/drug/nci-first-5k.smi', import.meta.url));

export function library(n: number): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  const file = join(dir, 'library.smi');
  writeFileSync(file, readFileSync(NCI, 'utf8').split('\n').slice(0, n).join('\n'));
  return { dir, file };
}

/** Runs the real command in its own process; `onErr` sees its stderr as it comes. */
export function strata(
  args: string[],
  cwd: string,
  onErr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd,
      // As run from a shell in `cwd` (npm sets INIT_CWD, which the command prefers, when tests run under it).
      env: childEnv({ STRATA_MODELS_DIR: MODELS }),
    });
    let [out, err] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      onErr?.(err, (signal) => child.kill(signal));
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
