import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DesignJobInput, DesignJobResult } from '@strata/drug/node';
import { runLocalJob, type Terminal } from './local-job.js';

/** Best molecules shown at the end of a run (all of them are in results.csv). */
const SHOWN = 5;

/**
 * Runs a design as a job in the CLI's embedded queue (see `runLocalJob`): its progress bar counts the
 * scored molecules against the budget; resumed when an unfinished one has the same input, checkpointed
 * on SIGINT. Resolves with the exit code.
 */
export async function runDesign(
  input: DesignJobInput,
  options: { stateDir: string; terminal: Terminal; signal?: AbortSignal },
): Promise<number> {
  const final = await runLocalJob(
    { kind: 'drug.design', input, label: 'designing', noun: 'design with these options' },
    options,
  );
  if (typeof final === 'number') return final;
  const { terminal } = options;
  if (final.state !== 'succeeded') {
    terminal.err.write(`the design ${final.state}: ${final.error?.message ?? 'no reason given'}\n`);
    return 1;
  }
  report(final.result as DesignJobResult, terminal.out);
  return 0;
}

function report(r: DesignJobResult, out: NodeJS.WritableStream): void {
  const n = (v: number) => v.toLocaleString('en-US');
  out.write(
    `${r.generations} generations, ${n(r.scored)} molecules scored (and ${n(r.seedsScored)} seeds), ` +
      `${n(r.invalid)} of ${n(r.proposed)} proposals refused by RDKit; stopped by ${r.stopped}\n`,
  );
  const csv = join(dirname(r.output), 'results.csv');
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  out.write(`best molecules (all ${lines.length - 1} in ${csv}):\n`);
  for (const line of lines.slice(0, SHOWN + 1)) out.write(`  ${line}\n`);
}
