import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, parseUtcTime } from '@strata/core';
import { defineJob, type Json } from '@strata/jobs';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { gridModelSpec, type GridModelSpec } from '../model/grid-model.js';
import { keptSpec, keptState, type KeepSpec } from '../model/keep.js';
import { initialState } from '../model/initial-state.js';
import { rollout, type GridModel } from '../model/rollout.js';
import { openUntrustedGridFile } from '../untrusted/open-untrusted.js';
import { ForecastFile } from '../sources/forecast-file.js';
import { ForecastWriter, writeOnThread } from '../sources/forecast-writer.js';

/** Input of the `weather.rollout` job. */
export interface RolloutJobInput {
  [key: string]: Json | undefined;
  /** A model directory (`<dir>/<id>/model.json` each). */
  readonly modelsDir: string;
  /** Ids of the grid models to use, one per step length (any subset of 1/3/6/24 h for Pangu). */
  readonly models: readonly string[];
  /**
   * The initial conditions: a NetCDF file and the valid time to start from (ISO 8601), and what
   * messages call the file (an upload's name as its sender gave it; @defaultValue its base name).
   */
  readonly initial: { readonly file: string; readonly time: string; readonly name?: string };
  /** Lead times in hours. */
  readonly leads: readonly number[];
  /** Where to write the forecast. @defaultValue `forecast.nc` in the job's results directory */
  readonly output?: string;
  /**
   * Variables and levels to keep in the output: the rollout writes every one (a resume reads whole
   * states back), then the kept ones are copied to `forecast-kept.nc` and the full file is removed.
   * @defaultValue all
   */
  readonly keep?: { readonly variables?: string[]; readonly levels?: number[] };
  /** Threads inside each model run. @defaultValue `1` */
  readonly intraOpThreads?: number;
  /**
   * Whether leads are written on their own thread, overlapping the next model run.
   * @defaultValue when the models run on an accelerator or cores are left over beside their threads
   */
  readonly writerThread?: boolean;
}

/** What the job returns. */
export interface RolloutJobResult {
  [key: string]: Json | undefined;
  readonly output: string;
  readonly leads: number[];
  /** Whether the leads were written on their own thread. */
  readonly writerThread: boolean;
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
    const initTime = parseUtcTime(input.initial.time);
    if (Number.isNaN(initTime)) {
      throw new InvalidArgumentError(
        'initial.time',
        `initial.time must be an ISO 8601 time, got "${input.initial.time}"`,
        { value: input.initial.time },
      );
    }
    const intraOpThreads = input.intraOpThreads ?? 1;
    const cleanups: (() => unknown)[] = [];
    try {
      const registry = await ModelRegistry.open(input.modelsDir, {
        backend: createOrtBackend(),
        sessionOptions: { intraOpThreads },
        warmup: false,
      });
      cleanups.push(() => registry.close());
      // The initial state may be an upload: it is read on a thread of its own, with a heap cap and a time limit.
      const source = await openUntrustedGridFile(input.initial.file, {
        signal: ctx.signal,
        ...(input.initial.name ? { name: input.initial.name } : {}),
      });
      cleanups.push(() => source.close());
      const models: GridModel[] = [];
      for (const id of input.models)
        models.push({ spec: gridModelSpec(registry.manifest(id)), session: await registry.session(id) });
      const spec = models[0]!.spec;
      if (input.keep) keptSpec(spec, input.keep); // a bad variable or level fails before any run
      // The file, not the checkpoint, says which leads are stored: a lead written just before a crash counts.
      const how = {
        thread:
          input.writerThread ??
          writeOnThread(
            models.map((m) => m.session),
            intraOpThreads,
          ),
      };
      // The writer (a thread, maybe) opens the file while the initial state is read.
      const opening = ctx.resume
        ? ForecastWriter.open(output, spec, how)
        : ForecastWriter.create(
            output,
            { spec, initTime, attributes: { models: input.models.join(' ') } },
            how,
          );
      opening.catch(() => undefined); // its failure surfaces where it is awaited
      cleanups.push(async () => (await opening).close());
      const initial = await initialState(source, spec, new Date(initTime));
      const file = await opening;
      const done = [...file.writtenLeads];
      // Each lead is checkpointed once on disk; the next lead's write waits for that (or fails with it).
      let checkpointed: Promise<void> = Promise.resolve();
      let runs = 0;
      await rollout({
        models,
        initial,
        leads: input.leads,
        initTime,
        signal: ctx.signal,
        resume: { done, load: (lead) => file.read(lead) },
        onRun: (_run, i, total) => {
          runs = total;
          ctx.progress(i, total);
        },
        emit: async (lead, state) => {
          await checkpointed;
          const { written } = await file.write(lead, state);
          checkpointed = written.then(() => {
            done.push(lead);
            return ctx.saveCheckpoint({ done: [...done] });
          });
          checkpointed.catch(() => undefined); // awaited at the next lead or below
        },
      });
      await checkpointed;
      ctx.progress(runs, runs);
      const leads = [...file.writtenLeads];
      if (!input.keep) return { output, leads, writerThread: how.thread };
      await (await opening).close();
      return {
        output: await keepOnly(output, spec, input.keep, initTime, leads),
        leads,
        writerThread: how.thread,
      };
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

/** Copies the kept variables and levels of every lead to `forecast-kept.nc` beside the full file, then removes it. */
async function keepOnly(
  output: string,
  spec: GridModelSpec,
  keep: KeepSpec,
  initTime: number,
  leads: readonly number[],
): Promise<string> {
  const kept = keptSpec(spec, keep);
  const path = output.replace(/(\.nc)?$/, '-kept.nc');
  const full = await ForecastFile.open(output, spec);
  const out = await ForecastFile.create(path, { spec: kept, initTime });
  try {
    for (const lead of leads) out.write(lead, keptState(spec, kept, full.read(lead)));
  } finally {
    out.close();
    full.close();
  }
  await rm(output, { force: true });
  return path;
}
