// One screening in a fresh process (for a clean peak-RSS reading): runs the drug.screen job on a
// file and prints {molecules, seconds, peakMiB} as JSON.
//   node bench/dist/drug/screen-child.js <smiles file> <workers> <models dir>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { DRUG_JOBS, type ScreenJobResult } from '@strata/drug/node';

/** The bench pipeline: parse, standardise, descriptors, Lipinski, PAINS, Morgan similarity, ESOL. */
export const BENCH_OPTIONS = {
  descriptors: 'all',
  rules: ['lipinski'],
  pains: true,
  qed: false,
  sa: false,
  queries: [{ id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' }],
  models: ['esol-solubility'],
  topK: 100,
};

const [file, workers, modelsDir] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'strata-bench-screen-'));
const queue = await EmbeddedJobQueue.open({ dir, handlers: { ...DRUG_JOBS }, workers: 1 });
const started = performance.now();
const job = await queue.submit({
  kind: 'drug.screen',
  input: {
    input: file!,
    workers: Number(workers),
    batchSize: 500,
    modelsDir: modelsDir!,
    options: BENCH_OPTIONS,
  },
});
const done = await queue.wait(job.id);
const seconds = (performance.now() - started) / 1000;
await queue.close();
rmSync(dir, { recursive: true, force: true });
if (done.state !== 'succeeded') throw new Error(`the screening ${done.state}: ${done.error?.message}`);
const result = done.result as ScreenJobResult;
console.log(
  JSON.stringify({
    molecules: result.rows,
    seconds,
    peakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
