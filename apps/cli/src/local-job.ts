import { join } from 'node:path';
import { isStrataError } from '@strata/core';
import type { Json, JobInfo } from '@strata/jobs';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { DRUG_JOBS } from '@strata/drug/node';
import { progressWriter } from './progress.js';

/** Streams a run writes to: the report on `out`, progress and messages on `err`. */
export interface Terminal {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WriteStream;
}

/**
 * Where the CLI keeps its jobs: a directory of its own under the state directory, apart from the `jobs/`
 * a gateway started there holds locked, so a command runs beside a running `npm start`.
 */
export const cliJobsDir = (stateDir: string): string => join(stateDir, 'cli', 'jobs');

const same = (a: Json, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs a drug job in an embedded queue under `stateDir` (see {@link cliJobsDir}), drawing its progress.
 * An unfinished job of the same kind and input (a run stopped with Ctrl-C) is resumed rather than started
 * again; on the signal the queue checkpoints and closes. Resolves with the finished job, or the exit code
 * of a run that could not finish here (2: the state directory is taken; 130: interrupted).
 */
export async function runLocalJob(
  job: { kind: keyof typeof DRUG_JOBS; input: Json; label: string; noun: string },
  options: { stateDir: string; terminal: Terminal; signal?: AbortSignal },
): Promise<JobInfo | number> {
  const { terminal } = options;
  let queue: EmbeddedJobQueue;
  try {
    queue = await EmbeddedJobQueue.open({
      dir: cliJobsDir(options.stateDir),
      handlers: { ...DRUG_JOBS },
      workers: 1,
    });
  } catch (err) {
    if (!isStrataError(err, 'JOB_STATE_LOCKED')) throw err;
    terminal.err.write(
      `${err.message}: another strata command is running there. Wait for it to end, or run this one with ` +
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
    const unfinished = (await queue.list({ state: ['queued', 'running'], kind: job.kind })).find((j) =>
      same(job.input, j.input),
    );
    const info = unfinished ?? (await queue.submit({ kind: job.kind, input: job.input }));
    if (unfinished) terminal.err.write(`resuming an unfinished ${job.noun} (job ${info.id})\n`);
    const bar = progressWriter(terminal.err, job.label);
    const unsubscribe = queue.subscribe((e) => bar.update(e.job.progress), { jobId: info.id });
    try {
      return await queue.wait(info.id);
    } finally {
      unsubscribe();
      bar.end();
    }
  } catch (err) {
    if (closing && isStrataError(err, 'ABORTED')) return 130;
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (!closing) await queue.close();
  }
}
