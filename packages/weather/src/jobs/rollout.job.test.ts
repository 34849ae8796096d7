import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { keptSpec, keptState } from '../model/keep.js';
import { makeState, type GridState } from '../model/rollout.js';
import { ForecastFile } from '../sources/forecast-file.js';
import { miniSpec, writeAdvectionModels } from '../testing/advection-model.js';
import type { RolloutJobResult } from './rollout.job.js';

const spec = miniSpec(6);
const W = spec.grid.longitudes;
const initTime = Date.UTC(2019, 2, 1, 0);
const handlers = {
  'weather.rollout': new URL(
    `./rollout.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
    import.meta.url,
  ),
};

const initial: GridState = makeState(spec, (i) => i);
const shifted = (cells: number): GridState =>
  Object.fromEntries(
    Object.entries(initial).map(([k, v]) => [
      k,
      v.map((_, i) => v[i - (i % W) + (((((i % W) - cells) % W) + W) % W)]!),
    ]),
  );

async function setup(): Promise<{ dir: string; input: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-rollout-'));
  const analysis = join(dir, 'analysis.nc');
  const file = await ForecastFile.create(analysis, { spec, initTime });
  file.write(0, initial);
  file.close();
  const models = await writeAdvectionModels(miniSpec, [24, 6]);
  return {
    dir,
    input: {
      modelsDir: models.dir,
      models: models.ids,
      initial: { file: analysis, time: new Date(initTime).toISOString() },
    },
  };
}

async function leadsOf(path: string, leads: number[]): Promise<GridState[]> {
  const file = await ForecastFile.open(path, spec);
  const states = leads.map((l) => file.read(l));
  file.close();
  return states;
}

describe('the weather.rollout job', () => {
  it.each([false, true])(
    'writes every lead of a rollout in a NetCDF file (writer thread: %s)',
    async (writerThread) => {
      const { dir, input } = await setup();
      const queue = await EmbeddedJobQueue.open({ dir: join(dir, 'jobs'), handlers, workers: 1 });
      const job = await queue.submit({
        kind: 'weather.rollout',
        input: { ...input, leads: [6, 24, 30, 48], writerThread } as never,
      });
      const done = await queue.wait(job.id);
      await queue.close();
      expect(done.error).toBeNull();
      expect(done.state).toBe('succeeded');
      const result = done.result as RolloutJobResult;
      expect(result.leads).toEqual([6, 24, 30, 48]);
      expect(result.writerThread).toBe(writerThread);
      expect(done.progress).toMatchObject({ done: 4, total: 4 });
      const states = await leadsOf(result.output, [6, 24, 30, 48]);
      states.forEach((s, i) => expect(s).toEqual(shifted([1, 4, 5, 8][i]!)));
    },
  );

  it('keeps only the variables and levels asked for, and removes the full file', async () => {
    const { dir, input } = await setup();
    const queue = await EmbeddedJobQueue.open({ dir: join(dir, 'jobs'), handlers, workers: 1 });
    const keep = { variables: ['t', 't2m'], levels: [500] };
    const job = await queue.submit({
      kind: 'weather.rollout',
      input: { ...input, leads: [6, 24], keep } as never,
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.error).toBeNull();
    const result = done.result as RolloutJobResult;
    expect(result.output).toMatch(/forecast-kept\.nc$/);
    expect(existsSync(result.output.replace('-kept', ''))).toBe(false);
    const kept = keptSpec(spec, keep);
    expect(kept.tensors.map((t) => [t.variables, t.levels ?? null])).toEqual([
      [['t'], [500]],
      [['t2m'], null],
    ]);
    const file = await ForecastFile.open(result.output, kept);
    expect(file.read(24)).toEqual(keptState(spec, kept, shifted(4)));
    file.close();
    expect(() => keptSpec(spec, { variables: ['q'] })).toThrow(/no variable "q"; it has z, t, msl, t2m/);
  });

  it('stops between model runs when cancelled, keeping the leads already written', async () => {
    const { dir, input } = await setup();
    const leads = Array.from({ length: 200 }, (_, i) => 6 * (i + 1));
    const queue = await EmbeddedJobQueue.open({ dir: join(dir, 'jobs'), handlers, workers: 1 });
    const job = await queue.submit({
      kind: 'weather.rollout',
      input: { ...input, leads, output: join(dir, 'cancelled.nc') } as never,
    });
    await new Promise<void>((resolve) => {
      const stop = queue.subscribe((e) => e.job.progress.done >= 3 && (stop(), resolve()), { jobId: job.id });
    });
    await queue.cancel(job.id);
    const final = await queue.wait(job.id);
    await queue.close();
    expect(final.state).toBe('cancelled');
    const file = await ForecastFile.open(join(dir, 'cancelled.nc'), spec);
    expect(file.writtenLeads.length).toBeGreaterThanOrEqual(3);
    expect(file.writtenLeads.length).toBeLessThan(200);
    expect(file.read(file.writtenLeads.at(-1)!)).toEqual(shifted(file.writtenLeads.at(-1)! / 6));
    file.close();
  });

  it.each([false, true])(
    'resumes from the last lead written after the queue stops mid-rollout, with the same forecast (writer thread: %s)',
    async (writerThread) => {
      const { dir, input } = await setup();
      const leads = Array.from({ length: 120 }, (_, i) => 6 * (i + 1));
      const jobs = join(dir, 'jobs');
      const first = await EmbeddedJobQueue.open({ dir: jobs, handlers, workers: 1 });
      const job = await first.submit({
        kind: 'weather.rollout',
        input: { ...input, leads, writerThread } as never,
      });
      await new Promise<void>((resolve) => {
        const stop = first.subscribe((e) => e.job.progress.done >= 5 && (stop(), resolve()), {
          jobId: job.id,
        });
      });
      await first.close();
      const second = await EmbeddedJobQueue.open({ dir: jobs, handlers, workers: 1 });
      const done = await second.wait(job.id);
      await second.close();
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
      const result = done.result as RolloutJobResult;
      expect(result.leads).toEqual(leads);
      expect(result.writerThread).toBe(writerThread);
      const states = await leadsOf(result.output, leads);
      states.forEach((s, i) => expect(s).toEqual(shifted(leads[i]! / 6)));
    },
  );

  it('calls its initial-state file by the name given with it (an upload’s) in a failure, not by the stored name', async () => {
    const { dir, input } = await setup();
    const queue = await EmbeddedJobQueue.open({ dir: join(dir, 'jobs'), handlers, workers: 1 });
    const initial = input.initial as { file: string };
    const job = await queue.submit({
      kind: 'weather.rollout',
      // A time the file does not hold: the job fails reading it.
      input: {
        ...input,
        initial: { ...initial, time: '2019-03-05T00:00Z', name: 'my era5.nc' },
        leads: [6],
      } as never,
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.error).toMatchObject({ code: 'TIME_NOT_FOUND' });
    expect(done.error!.message).toMatch(/^my era5\.nc: /);
    expect(done.error!.message).not.toContain('analysis.nc');
  });
});
