import { printTable, writeResults } from '../harness.js';
import { batcherThroughput } from './batcher-throughput.js';
import { jobOverhead } from './job-overhead.js';
import { sessionOverhead } from './session-overhead.js';

/** Runs the core benchmarks, prints their tables and writes bench/results/core.json. */
export async function benchCore(): Promise<void> {
  const overhead = await sessionOverhead();
  printTable(
    '(a) session wrapper overhead: median ms per run, Strata vs onnxruntime-node (goal: strata / raw <= 1.05)',
    overhead,
  );
  const batching = await batcherThroughput();
  printTable('(b) 2,000 concurrent single-row requests on the MLP (goal: speed-up >= 5)', batching);
  const jobs = await jobOverhead();
  printTable('(c) job queue overhead on 10,000 tiny tasks', jobs);
  console.log(`\nwrote ${writeResults('core', { overhead, batching, jobs })}`);
}
