import { join } from 'node:path';
import { isStrataError } from '@strata/core';
import { type JobInfo } from '@strata/jobs';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { DRUG_JOBS, type ScreenJobInput, type ScreenJobResult } from '@strata/drug/node';
import { progressWriter } from './progress.js';
import { LIMIT_FLAGS } from './screen-args.js';

/** Streams a run writes to: the report on `out`, progress and messages on `err`. */
export interface Terminal {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WriteStream;
}

const same = (a: ScreenJobInput, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Where `strata screen` keeps its jobs: a directory of its own under the state directory, apart from
 * the `jobs/` a gateway started there holds locked, so the command runs beside a running `npm start`.
 */
export const screenJobsDir = (stateDir: string): string => join(stateDir, 'cli', 'jobs');

/**
 * Runs a screening as a job in an embedded queue under `stateDir` (see {@link screenJobsDir}), showing
 * its progress. An unfinished job with the same input (a run stopped with Ctrl-C) is resumed rather than
 * started again. On SIGINT the queue checkpoints and closes. Resolves with the exit code.
 */
export async function runScreen(
  input: ScreenJobInput,
  options: { stateDir: string; terminal: Terminal; signal?: AbortSignal },
): Promise<number> {
  const { terminal } = options;
  const dir = screenJobsDir(options.stateDir);
  let queue: EmbeddedJobQueue;
  try {
    queue = await EmbeddedJobQueue.open({ dir, handlers: { ...DRUG_JOBS }, workers: 1 });
  } catch (err) {
    if (!isStrataError(err, 'JOB_STATE_LOCKED')) throw err;
    terminal.err.write(
      `${err.message}: another strata screen is running there. Wait for it to end, or run this one with ` +
        'STRATA_STATE_DIR set to another directory.\n',
    );
    return 2;
  }
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    terminal.err.write('\nstopping: the run checkpoints and can be resumed with the same command\n');
    void queue.close();
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const unfinished = (await queue.list({ state: ['queued', 'running'], kind: 'drug.screen' })).find((j) =>
      same(input, j.input),
    );
    const job = unfinished ?? (await queue.submit({ kind: 'drug.screen', input }));
    if (unfinished)
      terminal.err.write(`resuming an unfinished screening of ${input.input} (job ${job.id})\n`);
    const bar = progressWriter(terminal.err, 'screening');
    const unsubscribe = queue.subscribe((e) => bar.update(e.job.progress), { jobId: job.id });
    let final: JobInfo;
    try {
      final = await queue.wait(job.id);
    } finally {
      unsubscribe();
      bar.end();
    }
    if (final.state !== 'succeeded') {
      terminal.err.write(`the screening ${final.state}: ${final.error?.message ?? 'no reason given'}\n`);
      // The library names the limit by its option: say which flag raises it.
      const limit =
        final.error?.code === 'READER_LIMIT' ? /\((max\w+)\)/.exec(final.error.message)?.[1] : undefined;
      if (limit && LIMIT_FLAGS[limit])
        terminal.err.write(`if the file is genuine, raise the limit with ${LIMIT_FLAGS[limit]}\n`);
      return 1;
    }
    report(final.result as ScreenJobResult, terminal.out);
    return 0;
  } catch (err) {
    if (closing && isStrataError(err, 'ABORTED')) return 130;
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (!closing) await queue.close();
  }
}

function report(r: ScreenJobResult, out: NodeJS.WritableStream): void {
  out.write(
    `screened ${r.rows.toLocaleString('en-US')} molecules (${r.failed} failed) with RDKit ${r.rdkit}\n`,
  );
  out.write(`all rows: ${r.output}\n`);
  if (r.topK) out.write(`top rows: ${r.topK}\n`);
}
