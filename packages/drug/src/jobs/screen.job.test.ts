import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { loadSaScorer } from '../load-sa-scorer.js';
import { descriptorsOf } from '../descriptors/descriptors.js';
import { featureVector } from '../properties/features.js';
import { PropertyModel, propertyModelSpec } from '../properties/property-model.js';
import { RDKit } from '../rdkit/rdkit.js';
import { screenOptions } from '../screening/screen-options.js';
import { Screener } from '../screening/screener.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import type { ScreenJobResult } from './screen.job.js';

const handlers = {
  'drug.screen': new URL(`./screen.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
};

/** The first n NCI molecules, with two that RDKit cannot parse mixed in. */
function library(n: number): { path: string; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-screen-'));
  const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').slice(0, n);
  lines.splice(3, 0, 'C1CC\tbroken-ring');
  lines.splice(10, 0, 'not-a-smiles\tnonsense');
  const path = join(dir, 'library.smi');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, lines };
}

const options = { queries: [{ id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' }], topK: 5 };

const openQueue = (dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'))) =>
  EmbeddedJobQueue.open({ dir, handlers, workers: 1 });

/** Resolves once the job has screened at least `n` molecules. */
const progressReaches = (queue: EmbeddedJobQueue, jobId: string, n: number) =>
  new Promise<void>((resolve) => {
    const stop = queue.subscribe((e) => e.job.progress.done >= n && (stop(), resolve()), { jobId });
  });

function rowsOf(path: string): Record<string, unknown>[] {
  return tableFromIPC(readFileSync(path))
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}

/** The `k` rows most similar to the query, best first (ties by position), as the top-k CSV must hold them. */
const mostSimilar = (rows: Record<string, unknown>[], k: number) =>
  rows
    .filter((r) => r.error === null)
    .sort(
      (a, b) =>
        (b.similarity as number) - (a.similarity as number) ||
        (a.position as number) - (b.position as number),
    )
    .slice(0, k);

describe('the drug.screen job', () => {
  it('screens a library on two threads into Arrow and a top-k CSV, bad molecules as rows with a reason', async () => {
    const { path, lines } = library(200);
    const queue = await openQueue();
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 2, batchSize: 32, options } as never,
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.error).toBeNull();
    const result = done.result as ScreenJobResult;
    expect(result).toMatchObject({ rows: lines.length, failed: 2 });
    expect(result.rdkit).toMatch(/^2026\.09/);
    const rows = rowsOf(result.output);
    expect(rows.map((r) => r.position)).toEqual(lines.map((_, i) => i + 1));
    expect(rows[3]).toMatchObject({
      id: 'broken-ring',
      error: 'RDKit cannot parse the molecule',
      smiles: null,
    });
    expect(rows[10]).toMatchObject({ id: 'nonsense', error: 'RDKit cannot parse the molecule' });
    // Every row equals what one Screener on this thread gives.
    const rdkit = await RDKit.load();
    const screener = new Screener(rdkit, screenOptions(options), await loadSaScorer());
    lines.forEach((line, i) => {
      const [smiles, id] = line.split('\t');
      expect(rows[i]).toEqual(screener.screen({ position: i + 1, id: id!, molecule: smiles!, fields: {} }));
    });
    screener.dispose();
    // The top-k CSV holds the five rows most similar to aspirin, best first.
    const best = mostSimilar(rows, 5);
    const csv = readFileSync(result.topK!, 'utf8').trim().split('\n');
    expect(csv[0]!.split(',').slice(0, 3)).toEqual(['position', 'id', 'input']);
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(best.map((r) => r.position));
  });

  it('gives the same rows and top k in shards as in one piece', async () => {
    const { path } = library(90);
    const queue = await openQueue();
    const run = async (shardSize: number) => {
      const job = await queue.submit({
        kind: 'drug.screen',
        input: {
          input: path,
          workers: 1,
          batchSize: 16,
          shardSize,
          options: { ...options, sa: false },
        } as never,
      });
      const done = await queue.wait(job.id);
      expect(done.progress).toMatchObject({ done: 92, total: 92 });
      const result = done.result as ScreenJobResult;
      return { rows: rowsOf(result.output), top: readFileSync(result.topK!, 'utf8'), failed: result.failed };
    };
    const whole = await run(1000);
    expect(whole.rows).toHaveLength(92);
    expect(await run(25)).toEqual(whole);
    await queue.close();
  });

  it('screens a gzipped library in shards from one decompressed copy, gone once the job is done', async () => {
    const { path } = library(60);
    const gz = `${path}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(path)));
    const queue = await openQueue();
    const run = async (input: string, shardSize: number) => {
      const job = await queue.submit({
        kind: 'drug.screen',
        input: { input, workers: 1, batchSize: 16, shardSize, options: { ...options, sa: false } } as never,
      });
      const done = await queue.wait(job.id);
      expect(done.progress).toMatchObject({ done: 62, total: 62 });
      return { rows: rowsOf((done.result as ScreenJobResult).output), dir: done.resultsLocation };
    };
    const plain = await run(path, 1000);
    const zipped = await run(gz, 20);
    await queue.close();
    expect(zipped.rows).toEqual(plain.rows);
    expect(existsSync(join(zipped.dir, 'input'))).toBe(false);
  });

  it('resumes after the queue stops mid-screening with no row lost or repeated', async () => {
    const { path, lines } = library(400);
    const dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'));
    const first = await openQueue(dir);
    const job = await first.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 1, batchSize: 20, options } as never,
    });
    await progressReaches(first, job.id, 100);
    await first.close();
    const second = await openQueue(dir);
    const done = await second.wait(job.id);
    await second.close();
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(done.resumedFrom).toBeGreaterThanOrEqual(100);
    expect(done.resumedFrom).toBeLessThan(lines.length);
    const rows = rowsOf((done.result as ScreenJobResult).output);
    expect(rows.map((r) => r.position)).toEqual(lines.map((_, i) => i + 1));
    expect(done.progress).toMatchObject({ done: lines.length, total: lines.length });
    // The top k over the batches of both attempts, as one straight run has it.
    const best = mostSimilar(rows, 5);
    const csv = readFileSync((done.result as ScreenJobResult).topK!, 'utf8')
      .trim()
      .split('\n');
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(best.map((r) => r.position));
    // A checkpoint line holds the shard's counts, not its top rows: the journal stays small.
    const journal = readFileSync(join(dir, 'jobs.jsonl'), 'utf8');
    expect(Math.max(...journal.split('\n').map((l) => l.length))).toBeLessThan(2000);
  });

  it('stops between batches when cancelled', async () => {
    const { path } = library(400);
    const queue = await openQueue();
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 1, batchSize: 20, options: { sa: false } } as never,
    });
    await progressReaches(queue, job.id, 60);
    await queue.cancel(job.id);
    const final = await queue.wait(job.id);
    await queue.close();
    expect(final.state).toBe('cancelled');
    expect(final.progress.done).toBeLessThan(402);
    expect(existsSync(join(final.resultsLocation, 'results.arrow'))).toBe(false);
  });

  it('refuses options it does not know, naming the field', async () => {
    const { path } = library(5);
    const queue = await openQueue();
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 0, options: { rules: ['lipinsky'] } } as never,
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(done.error!.message).toMatch(/rules\.0/);
  });

  it('runs the bundled property models, one ONNX session per thread, as the models do on their own', async () => {
    const modelsDir = fileURLToPath(new URL('../../../../models/', import.meta.url));
    const { path, lines } = library(40);
    const queue = await openQueue();
    const models = ['esol-solubility', 'tox21-toxicity'];
    const job = await queue.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 2, batchSize: 8, modelsDir, options: { models, sa: false } } as never,
    });
    const done = await queue.wait(job.id);
    expect(done.error).toBeNull();
    const rows = rowsOf((done.result as ScreenJobResult).output);
    expect(rows).toHaveLength(lines.length);
    expect(rows[3]).toMatchObject({ 'esol-solubility_log_solubility': null, 'tox21-toxicity_SR-p53': null });
    // The same prediction, straight from the model on the standardised parent's features.
    const registry = await ModelRegistry.open(modelsDir, { backend: createOrtBackend() });
    const esol = new PropertyModel(
      'esol-solubility',
      propertyModelSpec(registry.manifest('esol-solubility')),
      await registry.session('esol-solubility'),
    );
    const rdkit = await RDKit.load();
    for (const row of rows.filter((r) => r.error === null).slice(0, 10)) {
      const features = rdkit.withMol(row.smiles as string, (m) =>
        featureVector(m, esol.spec.features, descriptorsOf(m)),
      )!;
      const [expected] = await esol.predict([features]);
      expect(row['esol-solubility_log_solubility']).toBeCloseTo(expected![0]!, 5);
      const p = row['tox21-toxicity_NR-AhR'] as number;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    await registry.close();
    const unknown = await queue.submit({
      kind: 'drug.screen',
      input: { input: path, workers: 0, modelsDir, options: { models: ['no-such-model'] } } as never,
    });
    const failed = await queue.wait(unknown.id);
    await queue.close();
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
