import { printTable, writeResults } from '../harness.js';
import { netcdfReadThroughput } from './netcdf-read.js';
import { panguStepOverhead } from './pangu-step.js';
import { rolloutPeakMemory } from './rollout-rss.js';

/** Runs the weather benchmarks, prints their tables and writes bench/results/weather.json. */
export async function benchWeather(): Promise<void> {
  const step = await panguStepOverhead();
  printTable(
    '(a) full-size Pangu-contract rollout, 6 h model, 4 steps, 1 intra-op thread: overhead per step beside the bare run and a raw write of the lead it stores (goal: well under 1400 ms)',
    step,
  );
  const memory = rolloutPeakMemory();
  printTable('(b) peak memory of 24 h, 120 h and 240 h full-size rollouts (goal: flat in lead time)', memory);
  const reads = await netcdfReadThroughput();
  printTable('(c) NetCDF read throughput through GridSource beside raw file reads (goal: within 2x)', reads);
  console.log(`\nwrote ${writeResults('weather', { step, memory, reads })}`);
}
