// One drug.design job as the product runs it (an EmbeddedJobQueue in a temp dir, as the CLI's local
// runner does), with the times a benchmark needs: the whole run, the optimiser alone (after the seeds are
// scored) and when each progress step was reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesignOptionsInput, GenerationStats } from '@strata/drug';
import { DRUG_JOBS, readGenerations, type DesignJobResult } from '@strata/drug/node';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { MODELS } from './screen-rate.js';

/** A finished design run. */
export interface DesignRun {
  readonly result: DesignJobResult;
  /** Each generation's statistics, as the job wrote them (generations.json). */
  readonly generations: GenerationStats[];
  /** Submit to finished. */
  readonly seconds: number;
  /** From the first progress report over the budget (the seeds scored, the pool open) to finished. */
  readonly optimiserSeconds: number;
  /** Seconds from submit at which `done` (molecules scored by the optimiser) was first reported. */
  readonly timeline: readonly { readonly done: number; readonly seconds: number }[];
}

/**
 * Runs the drug.design job with `options` on `workers` design threads and waits for it; throws when it
 * does not succeed.
 *
 * @example
 * ```ts
 * const run = await runDesign({ objective, seeds: { molecules }, budget: 5_000 }, 2);
 * console.log(run.result.scored / run.optimiserSeconds, 'scored/s');
 * ```
 */
export async function runDesign(options: DesignOptionsInput, workers: number): Promise<DesignRun> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-design-'));
  const queue = await EmbeddedJobQueue.open({ dir, handlers: { ...DRUG_JOBS }, workers: 1 });
  try {
    const started = performance.now();
    const timeline: { done: number; seconds: number }[] = [];
    const job = await queue.submit({
      kind: 'drug.design',
      input: { options: options as never, modelsDir: MODELS, workers },
    });
    const unsubscribe = queue.subscribe(
      (e) => {
        const { done, total } = e.job.progress;
        // The job reports over its budget only once the seeds are scored and the first population chosen.
        if (total === null || (timeline.length && timeline.at(-1)!.done >= done)) return;
        timeline.push({ done, seconds: (performance.now() - started) / 1000 });
      },
      { jobId: job.id },
    );
    const finished = await queue.wait(job.id);
    unsubscribe();
    const seconds = (performance.now() - started) / 1000;
    if (finished.state !== 'succeeded')
      throw new Error(`the design job ${finished.state}: ${finished.error?.message ?? ''}`);
    return {
      result: finished.result as DesignJobResult,
      generations: readGenerations(finished.resultsLocation),
      seconds,
      optimiserSeconds: seconds - (timeline[0]?.seconds ?? 0),
      timeline,
    };
  } finally {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds from submit until the optimiser had scored at least `done` molecules (by its progress reports). */
export function secondsAt(run: DesignRun, done: number): number | null {
  return run.timeline.find((t) => t.done >= done)?.seconds ?? null;
}
