// The population steps of GuacaMol's Graph GA (Brown et al. 2019, after Jensen 2019): parents drawn in
// proportion to their scores, children made in chunks that each have their own seed (so the result does
// not depend on how many threads made them), and the next population the best of old and new, each once.
import { mulberry32 } from '@strata/core';
import type { ScoredMolecule } from './objective/objective-scorer.js';

/** A molecule of a design run: its score, the parents it was made from and the generation that made it. */
export type Candidate = ScoredMolecule & {
  readonly parents: readonly string[];
  readonly generation: number;
};

/** Children made by one task: the unit of work a thread takes, with its own random stream. */
export const CHUNK = 25;

/** A 32-bit seed mixed from integers (a run's seed, a generation, a chunk). */
export function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h;
}

/**
 * Pairs of parents for one generation, each parent drawn with probability proportional to its score (a
 * population scoring 0 throughout draws uniformly), from the generation's own random stream.
 */
export function parentPairs(
  population: readonly Candidate[],
  count: number,
  seed: number,
  generation: number,
): [string, string][] {
  const random = mulberry32(seedOf(seed, generation));
  const weights = population.map((c) => c.score + 1e-10);
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = random() * total;
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return population[i]!.smiles;
    return population.at(-1)!.smiles;
  };
  return Array.from({ length: count }, () => [draw(), draw()]);
}

/** The pairs of a generation cut into chunks, each with its seed. */
export function chunksOf(
  pairs: readonly [string, string][],
  seed: number,
  generation: number,
): { pairs: [string, string][]; seed: number }[] {
  const out = [];
  for (let i = 0; i * CHUNK < pairs.length; i++)
    out.push({ pairs: pairs.slice(i * CHUNK, (i + 1) * CHUNK), seed: seedOf(seed, generation, i + 1) });
  return out;
}

/** Best first; a tie keeps the earlier molecule first. */
const byScore = (a: Candidate, b: Candidate) => b.score - a.score;

/** The best `size` of the population and the newcomers, each molecule once (the first seen wins a tie). */
export function nextPopulation(
  population: readonly Candidate[],
  newcomers: readonly Candidate[],
  size: number,
): Candidate[] {
  const seen = new Set<string>();
  return [...population, ...newcomers]
    .filter((c) => !seen.has(c.smiles) && seen.add(c.smiles))
    .sort(byScore)
    .slice(0, size);
}

/** The best `keep` molecules that break no constraint, of those kept so far and the newcomers. */
export function bestOf(
  best: readonly Candidate[],
  newcomers: readonly Candidate[],
  keep: number,
): Candidate[] {
  return nextPopulation(
    best,
    newcomers.filter((c) => !c.violations.length),
    keep,
  );
}
