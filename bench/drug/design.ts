// The molecule-design benchmarks, each beside the screening pipeline's molecules/s measured in the same
// run on the same number of threads: (a) molecules sampled from the bundled generator (sampling, decoding,
// RDKit's validity check), (b) molecules the Graph GA of the drug.design job scores. GuacaMol's
// rediscoveries are rediscovery.ts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { MoleculeGenerator, RDKit, type GeneratedMolecule } from '@strata/drug';
import { createGeneratorPool } from '@strata/drug/node';
import { median, printTable, writeResults } from '../harness.js';
import { runDesign } from './design-run.js';
import { parentSeeds, seedRow } from './design-seeds.js';
import { MODELS, nciLibrary, nciSmiles, screenRun } from './screen-rate.js';

const GENERATOR = 'mol-generator';
const SAMPLES = Number(process.env.STRATA_BENCH_GENERATE_SAMPLES || 2_000);
const BATCH = 256;
/** Timed samplings of SAMPLES each (the median counts): a few seconds each, so one alone is noisy. */
const GENERATE_ROUNDS = 3;
const GA_BUDGET = Number(process.env.STRATA_BENCH_DESIGN_BUDGET || 5_000);
const SCREEN_MOLECULES = 10_000;
const CELECOXIB = 'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1';

type Row = Record<string, string | number>;

/** Samples `count` molecules from one seed, spread over the sampler's threads. */
type Sampler = (count: number, seed: number) => Promise<GeneratedMolecule[]>;

/** Opens the generator on `threads` threads (1: this thread, set up as a generator thread), runs `fn`. */
async function withSampler<T>(threads: number, fn: (sample: Sampler) => Promise<T>): Promise<T> {
  if (threads === 1) {
    const registry = await ModelRegistry.open(MODELS, {
      backend: createOrtBackend(),
      sessionOptions: { intraOpThreads: 1 },
      warmup: false,
    });
    try {
      const generator = new MoleculeGenerator(
        registry.manifest(GENERATOR),
        await registry.session(GENERATOR),
        await RDKit.load(),
      );
      return await fn((count, seed) => generator.sample({ count, seed, batchSize: BATCH }));
    } finally {
      await registry.close();
    }
  }
  // The product's way to sample on several threads: one pool, requests taken first come first served.
  const pool = await createGeneratorPool({ modelsDir: MODELS, model: GENERATOR }, threads);
  try {
    const each = Array.from({ length: threads }, (_, i) => i);
    const per = (count: number) => Math.ceil(count / threads);
    return await fn(async (count, seed) =>
      (
        await Promise.all(
          each.map((i) => pool.sample({ count: per(count), seed: seed * threads + i, batchSize: BATCH })),
        )
      ).flat(),
    );
  } finally {
    await pool.close();
  }
}

async function generation(threads: number, screening: number): Promise<Row> {
  const { seconds, molecules } = await withSampler(threads, async (sample) => {
    await sample(32 * threads, 0);
    const times: number[] = [];
    const all: GeneratedMolecule[] = [];
    for (let round = 1; round <= GENERATE_ROUNDS; round++) {
      const started = performance.now();
      all.push(...(await sample(SAMPLES, round)));
      times.push((performance.now() - started) / 1000);
    }
    return { seconds: median(times), molecules: all };
  });
  const perRound = molecules.length / GENERATE_ROUNDS;
  const valid = molecules.filter((m) => m.canonical !== null).length / molecules.length;
  const rate = perRound / seconds;
  return {
    variant: threads === 1 ? 'MoleculeGenerator, this thread' : `generator pool, ${threads} threads`,
    samples: perRound,
    rounds: GENERATE_ROUNDS,
    valid,
    'median s': seconds,
    'samples/s': rate,
    'valid/s': rate * valid,
    'screening molecules/s': screening,
    'samples/s vs screening': rate / screening,
  };
}

async function optimiser(threads: number, screening: number, seeds: readonly string[]): Promise<Row> {
  const run = await runDesign(
    {
      objective: { terms: [{ kind: 'similarity', targets: [CELECOXIB] }, { kind: 'qed' }] },
      seeds: { molecules: [...seeds] },
      budget: GA_BUDGET,
      seed: 0,
    },
    threads,
  );
  const rate = run.result.scored / run.optimiserSeconds;
  return {
    variant: `drug.design job, ${threads} design thread${threads > 1 ? 's' : ''}`,
    'seeds scored': run.result.seedsScored,
    scored: run.result.scored,
    generations: run.result.generations,
    'refused by RDKit': run.result.invalid / Math.max(1, run.result.proposed),
    'wall s': run.seconds,
    'optimiser s': run.optimiserSeconds,
    'scored/s': rate,
    'screening molecules/s': screening,
    'scored/s vs screening': rate / screening,
    'best score': run.result.best?.score ?? 0,
  };
}

/** Throughput of sampling and of the optimiser on one thread and on every core, each beside a screening. */
async function throughput(
  seeds: readonly string[],
): Promise<{ generated: Row[]; optimised: Row[]; screening: Row[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-design-'));
  const file = nciLibrary(dir, SCREEN_MOLECULES);
  const out = { generated: [] as Row[], optimised: [] as Row[], screening: [] as Row[] };
  // While the generator is being retrained its manifest is missing: the rest still measures.
  const generatorReady = existsSync(join(MODELS, GENERATOR, 'model.json'));
  if (!generatorReady) console.log(`\n(${GENERATOR} has no model.json in ${MODELS}: (a) is skipped)`);
  try {
    for (const threads of [...new Set([1, availableParallelism()])]) {
      const s = screenRun(file, threads);
      const screening = s.molecules / s.seconds;
      out.screening.push({ threads, molecules: s.molecules, seconds: s.seconds, 'molecules/s': screening });
      if (generatorReady) out.generated.push(await generation(threads, screening));
      out.optimised.push(await optimiser(threads, screening, seeds));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** `pnpm bench design`: generation and optimiser throughput beside screening (the rediscoveries are `pnpm bench rediscovery`). */
export async function benchDesign(): Promise<void> {
  const first = await parentSeeds(nciSmiles().slice(0, 1_000));
  const t = await throughput(first.seeds);
  printTable('screening the NCI set (the baseline of (a) and (b))', t.screening);
  if (t.generated.length)
    printTable(
      `(a) sampling ${SAMPLES.toLocaleString('en-US')} molecules from ${GENERATOR} at batch ${BATCH}, decoded and read by RDKit`,
      t.generated,
    );
  printTable(
    `(b) Graph GA (drug.design), similarity to celecoxib x QED, seeds: the parents of the first 1,000 NCI molecules, budget ${GA_BUDGET.toLocaleString('en-US')}`,
    t.optimised,
  );
  const seeds = [seedRow('GA throughput (b): NCI lines', first)];
  printTable('seeds, standardised to their parents as GuacaMol standardises ChEMBL', seeds);
  const settings = {
    cores: availableParallelism(),
    samples: SAMPLES,
    batch: BATCH,
    generateRounds: GENERATE_ROUNDS,
    gaBudget: GA_BUDGET,
    screenMolecules: SCREEN_MOLECULES,
  };
  console.log(`\nwrote ${writeResults('design', { settings, ...t, seeds })}`);
}
