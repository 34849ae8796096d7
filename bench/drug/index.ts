// The drug screening benchmark: Strata's pipeline on 1 worker and on every core beside the same
// pipeline in Python RDKit (one process), and peak memory as the library grows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults } from '../harness.js';
import { MODELS, nciLibrary as library, screenRun as strata } from './screen-rate.js';
import { similaritySearch } from './similarity.js';

const PYTHON_PIPELINE = fileURLToPath(new URL('../../drug/pipeline.py', import.meta.url));

/** A Python with RDKit, torch-free (numpy, onnx): `STRATA_PYTHON`, else python3 on the PATH, else Debian's. */
function pythonWithRdkit(): string | null {
  const env = process.env.STRATA_PYTHON;
  for (const py of [env, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)) {
    const r = spawnSync(py, ['-c', 'import rdkit, numpy, onnx'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

export async function benchDrug(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-drug-'));
  const cores = availableParallelism();
  const file = library(dir, 50_000);
  const rows: Record<string, string | number>[] = [];
  const python = pythonWithRdkit();
  let base = 0;
  if (python) {
    const r = spawnSync(python, [PYTHON_PIPELINE, file, join(MODELS, 'esol-solubility', 'model.onnx')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`the Python pipeline failed: ${r.stderr}`);
    const p = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      per_second: number;
      seconds: number;
      inchi: boolean;
    };
    base = p.per_second;
    rows.push({
      variant: `Python RDKit, 1 process (baseline${p.inchi ? '' : '; no InChI in its RDKit, so no InChIKey'})`,
      'molecules/s': base,
      seconds: p.seconds,
      'vs Python': 1,
    });
  } else {
    console.log(
      '\n(no Python with RDKit, numpy and onnx found: the Python baseline is left out; set STRATA_PYTHON)',
    );
  }
  for (const workers of [1, cores]) {
    const r = strata(file, workers);
    const rate = r.molecules / r.seconds;
    rows.push({
      variant: `Strata, ${workers} worker${workers > 1 ? 's' : ''}`,
      'molecules/s': rate,
      seconds: r.seconds,
      'vs Python': base ? rate / base : 'n/a',
    });
  }
  printTable(
    `(a) screening 50,000 molecules (the NCI set repeated): parse, standardise, 43 descriptors, Lipinski, PAINS, Morgan similarity, ESOL model (goals: 1 worker >= 1.0x Python, all cores >= 1.8x)`,
    rows,
  );
  // Peak memory as the library grows, every core (1,000,000 molecules with STRATA_BENCH_FULL=1).
  const sizes = process.env.STRATA_BENCH_FULL ? [50_000, 1_000_000] : [50_000, 200_000];
  const memory: Record<string, string | number>[] = [];
  for (const n of sizes) {
    const r = strata(n === 50_000 ? file : library(dir, n), cores);
    memory.push({
      molecules: n,
      'peak RSS MiB': r.peakMiB,
      [`vs ${sizes[0]!.toLocaleString('en-US')}`]:
        r.peakMiB / ((memory[0]?.['peak RSS MiB'] as number) ?? r.peakMiB),
      'molecules/s': r.molecules / r.seconds,
    });
  }
  printTable(`(b) peak memory of a screening on ${cores} workers as the library grows (goal: flat)`, memory);
  rmSync(dir, { recursive: true, force: true });
  const similarity = await similaritySearch();
  printTable(
    '(c) top-10 Tanimoto search, 20 queries over 100,000 Morgan fingerprints (2048 bits)',
    similarity,
  );
  console.log(`\nwrote ${writeResults('drug', { throughput: rows, memory, similarity })}`);
}
