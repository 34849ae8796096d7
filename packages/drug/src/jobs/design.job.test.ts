import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { countTanimoto, morganFeatures } from '../fingerprints/morgan-features.js';
import { RDKit } from '../rdkit/rdkit.js';
import { readGenerations } from '../design/design-results.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import type { DesignJobResult } from './design.job.js';
import { DRUG_JOBS } from './handlers.js';

const openQueue = (dir = mkdtempSync(join(tmpdir(), 'strata-design-'))) =>
  EmbeddedJobQueue.open({ dir, handlers: { ...DRUG_JOBS }, workers: 1 });

const NCI = sharedDrugFile('nci-first-5k.smi');
/** A target none of the seeds is: paracetamol's ethyl homologue with a chlorine, made up for the test. */
const TARGET = 'CCC(=O)Nc1ccc(O)c(Cl)c1';
const rediscovery = { terms: [{ kind: 'similarity', targets: [TARGET] }] };

function rowsOf(path: string): Record<string, unknown>[] {
  return tableFromIPC(readFileSync(path))
    .toArray()
    .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}

async function design(options: object, workers: number, dir?: string) {
  const queue = await openQueue(dir);
  const job = await queue.submit({ kind: 'drug.design', input: { options, workers } as never });
  const done = await queue.wait(job.id);
  await queue.close();
  return done;
}

describe('the design job', () => {
  it('improves a similarity objective generation by generation, the same molecules on one thread or two', async () => {
    const options = { objective: rediscovery, seeds: { library: NCI }, budget: 2000, keep: 20, seed: 3 };
    const one = await design(options, 1);
    expect(one.state).toBe('succeeded');
    const result = one.result as DesignJobResult;
    expect(result).toMatchObject({ scored: 2000, seedsScored: 4999, stopped: 'budget' });
    expect(result.invalid).toBeGreaterThan(0);
    const rows = rowsOf(result.output);
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score as number)].sort((a, b) => b - a));
    // The best molecules were made, not found among the seeds, and beat every seed.
    const made = rows.filter((r) => (r.generation as number) > 0);
    expect(made.length).toBeGreaterThan(10);
    const generations = readGenerations(join(result.output, '..'));
    expect(generations.length).toBe(result.generations);
    for (let g = 1; g < generations.length; g++) {
      expect(generations[g]!.best).toBeGreaterThanOrEqual(generations[g - 1]!.best);
      expect(generations[g]!.mean).toBeGreaterThanOrEqual(generations[g - 1]!.mean);
    }
    expect(generations.at(-1)!.mean).toBeGreaterThan(generations[0]!.mean);
    // Every score is the similarity itself, as RDKit's count Tanimoto gives it.
    const rdkit = await RDKit.load();
    const target = rdkit.withMol(TARGET, (m) => morganFeatures(m))!;
    for (const r of rows.slice(0, 5))
      expect(r.score).toBeCloseTo(
        countTanimoto(
          rdkit.withMol(r.smiles as string, (m) => morganFeatures(m))!,
          target,
        ),
        12,
      );
    const two = await design(options, 2);
    expect(rowsOf((two.result as DesignJobResult).output)).toEqual(rows);
  }, 120_000);

  it('improves a multi-property objective by generation, every kept molecule within its hard constraints', async () => {
    const objective = {
      terms: [
        { kind: 'similarity', targets: [TARGET], weight: 2 },
        { kind: 'qed' },
        { kind: 'descriptor', name: 'CrippenClogP', desirability: { goal: 'range', min: 1, max: 3 } },
      ],
      constraints: { noPains: true, rules: ['lipinski'] },
    };
    const done = await design({ objective, seeds: { library: NCI }, budget: 1500, keep: 20, seed: 11 }, 1);
    expect(done.state).toBe('succeeded');
    const result = done.result as DesignJobResult;
    const generations = readGenerations(join(result.output, '..'));
    expect(generations.length).toBeGreaterThan(3);
    for (let g = 1; g < generations.length; g++) {
      expect(generations[g]!.best).toBeGreaterThanOrEqual(generations[g - 1]!.best);
      expect(generations[g]!.mean).toBeGreaterThanOrEqual(generations[g - 1]!.mean);
    }
    expect(generations.at(-1)!.mean).toBeGreaterThan(generations[0]!.mean);
    // A molecule that breaks a hard constraint scores 0 and is never kept among the best.
    for (const r of rowsOf(result.output)) expect(r.score).toBeGreaterThan(0);
  }, 120_000);

  it('resumes after the queue stops mid-run and makes the molecules an uninterrupted run makes', async () => {
    const options = { objective: rediscovery, seeds: { library: NCI }, budget: 1600, keep: 30, seed: 5 };
    const straight = await design(options, 1);
    const dir = mkdtempSync(join(tmpdir(), 'strata-design-'));
    const first = await openQueue(dir);
    const job = await first.submit({ kind: 'drug.design', input: { options, workers: 1 } as never });
    await new Promise<void>((resolve) => {
      const stop = first.subscribe((e) => e.job.progress.done >= 500 && (stop(), resolve()), {
        jobId: job.id,
      });
    });
    await first.close();
    const second = await openQueue(dir);
    const done = await second.wait(job.id);
    await second.close();
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(done.resumedFrom).toBeGreaterThanOrEqual(500);
    const result = done.result as DesignJobResult;
    expect(result).toMatchObject({
      scored: 1600,
      generations: (straight.result as DesignJobResult).generations,
    });
    expect(rowsOf(result.output)).toEqual(rowsOf((straight.result as DesignJobResult).output));
  }, 120_000);

  it('optimises a lead within its similarity floor, and stops when it can make nothing new', async () => {
    const lead = 'CC(=O)Nc1ccc(O)cc1';
    const done = await design(
      {
        objective: { terms: [{ kind: 'qed' }, { kind: 'sa' }] },
        lead: { smiles: lead, minSimilarity: 0.4 },
        budget: 600,
        keep: 10,
      },
      1,
    );
    const result = done.result as DesignJobResult;
    expect(done.state).toBe('succeeded');
    const rdkit = await RDKit.load();
    const ref = rdkit.withMol(lead, (m) => morganFeatures(m))!;
    const rows = rowsOf(result.output);
    expect(rows.length).toBe(10);
    for (const r of rows)
      expect(
        countTanimoto(
          rdkit.withMol(r.smiles as string, (m) => morganFeatures(m))!,
          ref,
        ),
      ).toBeGreaterThanOrEqual(0.4);
    const leadRow = rows.find((r) => r.smiles === lead);
    expect(rows[0]!.score).toBeGreaterThan((leadRow?.score as number | undefined) ?? 0);

    const tiny = await design(
      { objective: { terms: [{ kind: 'qed' }] }, lead: { smiles: 'C' }, budget: 1000 },
      1,
    );
    expect(tiny.result).toMatchObject({ stopped: 'no new molecules', scored: 0 });
  }, 120_000);

  it('fails before any work on options that do not hold, naming the field', async () => {
    const done = await design(
      { objective: { terms: [{ kind: 'qed' }] }, seeds: { molecules: ['CCO'] }, budget: 0 },
      1,
    );
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(done.error!.message).toContain('budget');
  });
});
