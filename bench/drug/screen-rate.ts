// The screening pipeline's throughput on this machine: the drug.screen job on the NCI set, each run in a
// fresh process (screen-child.ts, for a clean peak-RSS reading). The drug suites report their own rates
// beside it, so a ratio holds whatever else the machine is doing.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDrugFile } from '@strata/drug/testing';

const CHILD = fileURLToPath(new URL('./screen-child.js', import.meta.url));

/** The bundled models folder (`<dir>/<id>/model.json`), from bench/dist/drug/. */
export const MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));

const nciLines = () => readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').trim().split('\n');

/** The shared NCI set's SMILES (its first 4,999 molecules, ids dropped), in file order. */
export function nciSmiles(): string[] {
  return nciLines().map((line) => line.split(/\s/)[0]!);
}

/** Writes the NCI set repeated to `n` lines into `dir`; returns the file's path. */
export function nciLibrary(dir: string, n: number): string {
  const lines = nciLines();
  const path = join(dir, `nci-${n}.smi`);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(lines[i % lines.length]!);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** One screening run: molecules screened, wall seconds (process start to results) and peak RSS. */
export interface ScreenRun {
  readonly molecules: number;
  readonly seconds: number;
  readonly peakMiB: number;
}

/**
 * Screens `file` with the bench pipeline (parse, standardise, 43 descriptors, Lipinski, PAINS, Morgan
 * similarity, ESOL) on `workers` screening threads, in a fresh process.
 *
 * @example
 * ```ts
 * const run = screenRun(nciLibrary(dir, 10_000), 2);
 * console.log(run.molecules / run.seconds, 'molecules/s');
 * ```
 */
export function screenRun(file: string, workers: number): ScreenRun {
  const r = spawnSync(process.execPath, [CHILD, file, String(workers), MODELS], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`screening child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ScreenRun;
}
