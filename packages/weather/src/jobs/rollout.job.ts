import { join } from 'node:path';
import { defineJob, InvalidArgumentError, type Json } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { gridModelSpec } from '../model/grid-model.js';
import { initialState } from '../model/initial-state.js';
import { rollout, type GridModel } from '../model/rollout.js';
import { openGridFile } from '../open-grid-file.js';
import { ForecastFile } from '../sources/forecast-file.js';

/** Input of the `weather.rollout` job. */
export interface RolloutJobInput {
  [key: string]: Json | undefined;
  /** A model directory (`<dir>/<id>/model.json` each). */
  readonly modelsDir: string;
  /** Ids of the grid models to use, one per step length (any subset of 1/3/6/24 h for Pangu). */
  readonly models: readonly string[];
  /** The initial conditions: a NetCDF file and the valid time to start from (ISO 8601). */
  readonly initial: { readonly file: string; readonly time: string };
  /** Lead times in hours. */
  readonly leads: readonly number[];
  /** Where to write the forecast. @defaultValue `forecast.nc` in the job's results directory */
  readonly output?: string;
  /** Threads inside each model run. @defaultValue `1` */
  readonly intraOpThreads?: number;
}

/** What the job returns. */
export interface RolloutJobResult {
  [key: string]: Json | undefined;
  readonly output: string;
  readonly leads: number[];
}

/**
 * A forecast rollout as a job: progress per model run, cancellation between runs, and resume from the
 * last lead written to the forecast file (which is flushed lead by lead).
 */
export default defineJob<RolloutJobInput, { done: number[] }, RolloutJobResult>({
  async run(ctx) {
    const input = ctx.input;
    const output = input.output ?? join(ctx.resultsDir, 'forecast.nc');
    // A time without a zone designator is UTC here, as in every weather file, never the server's local time.
    const iso = /(Z|[+-]\d\d:?\d\d)$/.test(input.initial.time)
      ? input.initial.time
      : `${input.initial.time}Z`;
    const initTime = Date.parse(iso);
    if (Number.isNaN(initTime)) {
      throw new InvalidArgumentError(
        'initial.time',
        `initial.time must be an ISO 8601 time, got "${input.initial.time}"`,
        { value: input.initial.time },
      );
    }
    const cleanups: (() => unknown)[] = [];
    try {
      const registry = await ModelRegistry.open(input.modelsDir, {
        backend: createOrtBackend(),
        sessionOptions: { intraOpThreads: input.intraOpThreads ?? 1 },
        warmup: false,
      });
      cleanups.push(() => registry.close());
      const source = await openGridFile(input.initial.file);
      cleanups.push(() => source.close());
      const models: GridModel[] = [];
      for (const id of input.models)
        models.push({ spec: gridModelSpec(registry.manifest(id)), session: await registry.session(id) });
      const spec = models[0]!.spec;
      const initial = await initialState(source, spec, new Date(initTime));
      // The file, not the checkpoint, says which leads are stored: a lead written just before a crash counts.
      const file = ctx.resume
        ? await ForecastFile.open(output, spec)
        : await ForecastFile.create(output, {
            spec,
            initTime,
            attributes: { models: input.models.join(' ') },
          });
      cleanups.push(() => file.close());
      const done = [...file.writtenLeads];
      let runs = 0;
      await rollout({
        models,
        initial,
        leads: input.leads,
        initTime,
        signal: ctx.signal,
        resume: { done, load: async (lead) => file.read(lead) },
        onRun: (_run, i, total) => {
          runs = total;
          ctx.progress(i, total);
        },
        emit: async (lead, state) => {
          file.write(lead, state);
          done.push(lead);
          await ctx.saveCheckpoint({ done: [...done] });
        },
      });
      ctx.progress(runs, runs);
      return { output, leads: [...file.writtenLeads] };
    } finally {
      // Each resource is released even when releasing another fails.
      for (const release of cleanups.reverse()) {
        try {
          await release();
        } catch {
          // already reported by the failure that got us here, or nothing to do
        }
      }
    }
  },
});
