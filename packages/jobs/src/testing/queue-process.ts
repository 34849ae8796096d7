// Runs a job queue in its own OS process for the contract suite's kill test:
//   node --import tsx queue-process.ts <harness module URL> <state> [job spec JSON]
// It opens the queue (which executes jobs), submits the spec if given, and prints one JSON line per
// event on stdout until it is killed.
import type { JobSpec } from '../types.js';
import type { JobQueueHarness } from './job-queue-contract.js';
import { contractHandlers } from './handlers.js';

const [harnessUrl, state, spec] = process.argv.slice(2);
const { harness } = (await import(harnessUrl!)) as { harness: JobQueueHarness };
const queue = await harness.open(state!, contractHandlers, { workers: 1 });
queue.subscribe((e) => {
  const { id, state: s, progress } = e.job;
  process.stdout.write(JSON.stringify({ type: e.type, id, state: s, done: progress.done }) + '\n');
});
if (spec) {
  const job = await queue.submit(JSON.parse(spec) as JobSpec);
  process.stdout.write(JSON.stringify({ type: 'submitted', id: job.id }) + '\n');
}
