// `pnpm bench rediscovery`: GuacaMol's rediscovery benchmarks on the drug.design job. Maximise the
// similarity to a drug that the generator never trained on (nor anything like it), from seeds that are not
// like it either (the generator's corpus, as GuacaMol's Graph GA starts from its training set), and see
// whether and when the optimiser finds the drug itself. Deterministic: the measure is the molecules
// scored before the target is found, the same on one thread or many.
import { availableParallelism } from 'node:os';
import { printTable, writeResults } from '../harness.js';
import { runDesign, secondsAt } from './design-run.js';
import { generatorCorpus, parentSeeds, seedRow } from './design-seeds.js';

/** Molecules each rediscovery may score; STRATA_BENCH_REDISCOVERY_BUDGET changes it. */
const BUDGET = Number(process.env.STRATA_BENCH_REDISCOVERY_BUDGET || 50_000);

/** GuacaMol's rediscovery targets (stereo dropped). */
export const TARGETS = [
  { name: 'celecoxib', smiles: 'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1' },
  { name: 'troglitazone', smiles: 'Cc1c(C)c2c(c(C)c1O)CCC(C)(COc1ccc(CC3SC(=O)NC3=O)cc1)O2' },
  { name: 'thiothixene', smiles: 'CN(C)S(=O)(=O)c1ccc2c(c1)C(=CCCN1CCN(C)CC1)c1ccccc1S2' },
] as const;

/** A score this close to 1 is a rediscovery (a product of one term may round below 1). */
const FOUND = 1 - 1e-9;

/** Options of a rediscovery run. */
export interface RediscoveryOptions {
  /** Molecules the optimiser may score per target. */
  readonly budget: number;
  /** Design threads. */
  readonly workers: number;
  readonly seeds: readonly string[];
}

/**
 * Runs the three rediscoveries with GuacaMol's Graph GA settings (population 100, offspring 200,
 * mutation rate 0.01, no patience) and one similarity term (Morgan counts, radius 2, the default);
 * one table row per target.
 */
export async function rediscover(o: RediscoveryOptions): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  for (const target of TARGETS) {
    const run = await runDesign(
      {
        objective: { terms: [{ kind: 'similarity', targets: [target.smiles] }] },
        seeds: { molecules: [...o.seeds] },
        budget: o.budget,
        population: 100,
        offspring: 200,
        mutationRate: 0.01,
        seed: 0,
      },
      o.workers,
    );
    // generations.json holds the population's best after each generation (the best of all so far), not
    // the molecule that first reached 1.0: the first generation whose best is 1.0 bounds it to 200.
    const found = run.generations.find((g) => g.best >= FOUND);
    const at = found ? secondsAt(run, found.scored) : null;
    console.log(
      `${target.name}: best ${run.result.best?.score.toFixed(3)} after ${run.result.scored} scored, ` +
        `${found ? `1.0 at ${found.scored} scored` : '1.0 not reached'}, ${run.seconds.toFixed(0)} s`,
    );
    rows.push({
      target: target.name,
      'best similarity': run.result.best?.score ?? 0,
      'scored at 1.0': found ? found.scored : 'not reached',
      'generation at 1.0': found ? found.generation : '-',
      's to 1.0': at ?? '-',
      scored: run.result.scored,
      generations: run.result.generations,
      stopped: run.result.stopped,
      'wall s': run.seconds,
      'scored/s': run.result.scored / run.optimiserSeconds,
      'best molecule': run.result.best?.smiles ?? '',
    });
  }
  return rows;
}

/** Runs the three rediscoveries on every core from the generator's corpus, targets held out. */
export async function benchRediscovery(): Promise<void> {
  const held = await parentSeeds(await generatorCorpus(), { targets: TARGETS.map((t) => t.smiles) });
  const workers = availableParallelism();
  const rows = await rediscover({ budget: BUDGET, workers, seeds: held.seeds });
  printTable(
    `GuacaMol rediscovery, Graph GA (population 100, offspring 200, mutation 0.01, no patience), ` +
      `budget ${BUDGET.toLocaleString('en-US')} scored, ${workers} design threads, ` +
      `similarity by Morgan counts r2; 1.0 is first reached within the generation named (200 children)`,
    rows,
  );
  const seeds = seedRow("mol-generator's corpus, targets held out", held);
  printTable('seeds, standardised to their parents as GuacaMol standardises ChEMBL', [seeds]);
  const settings = { cores: workers, budget: BUDGET };
  console.log(`\nwrote ${writeResults('rediscovery', { settings, rows, seeds })}`);
}
