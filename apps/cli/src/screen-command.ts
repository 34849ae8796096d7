import type { ScreenJobInput, ScreenJobResult } from '@strata/drug/node';
import { runLocalJob, type Terminal } from './local-job.js';
import { LIMIT_FLAGS } from './screen-args.js';

/**
 * Runs a screening as a job in the CLI's embedded queue (see `runLocalJob`): resumed when an unfinished
 * one has the same input, checkpointed on SIGINT. Resolves with the exit code.
 */
export async function runScreen(
  input: ScreenJobInput,
  options: { stateDir: string; terminal: Terminal; signal?: AbortSignal },
): Promise<number> {
  const final = await runLocalJob(
    { kind: 'drug.screen', input, label: 'screening', noun: `screening of ${input.input}` },
    options,
  );
  if (typeof final === 'number') return final;
  const { terminal } = options;
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
}

function report(r: ScreenJobResult, out: NodeJS.WritableStream): void {
  out.write(
    `screened ${r.rows.toLocaleString('en-US')} molecules (${r.failed} failed) with RDKit ${r.rdkit}\n`,
  );
  out.write(`all rows: ${r.output}\n`);
  if (r.topK) out.write(`top rows: ${r.topK}\n`);
}
