// GuacaMol's rediscovery benchmarks on the drug.design job: maximise the similarity to a drug that the
// generator never trained on (nor anything like it), from seeds that are not like it either, and see
// whether and when the optimiser finds the drug itself.
import { runDesign, secondsAt } from './design-run.js';

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
