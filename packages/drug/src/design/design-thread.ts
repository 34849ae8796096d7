/**
 * The thread module of a design pool: each thread has its own RDKit, objective scorer (with the property
 * models' ONNX sessions) and graph breeder, and makes and scores children of parent pairs on request.
 */
import { mulberry32 } from '@strata/core';
import type { SetupContext, TaskContext } from '@strata/core/node';
import { GraphBreeder, type Bred } from './graph/breeder.js';
import { ObjectiveScorer, type ScoredMolecule } from './objective/objective-scorer.js';
import { RDKit } from '../rdkit/rdkit.js';

/** What each design thread is set up with. */
export interface DesignThreadInit {
  readonly objective: unknown;
  readonly modelsDir: string | undefined;
  readonly mutationRate: number;
}

/** A chunk of children to make: parent pairs and the chunk's seed. */
export interface BreedRequest {
  readonly pairs: readonly (readonly [string, string])[];
  readonly seed: number;
}

/** The chunk's children in pair order (null where no acceptable child came), and what the breeder proposed. */
export interface BreedResult {
  readonly children: ((ScoredMolecule & { parents: [string, string] }) | null)[];
  readonly proposed: number;
  readonly invalid: number;
}

let scorer: ObjectiveScorer | undefined;
let breeder: GraphBreeder | undefined;
/** Parents read once: a population is drawn from many times per generation. */
const parents = new Map<string, Bred | null>();
const PARENTS_KEPT = 5_000;

/** Compiles the objective and loads RDKit (and the property models). */
export async function setup(init: DesignThreadInit, _ctx: SetupContext): Promise<{ rdkit: string }> {
  scorer = await ObjectiveScorer.create(init.objective, { modelsDir: init.modelsDir });
  const rdkit = await RDKit.load();
  breeder = new GraphBreeder(rdkit, { mutationRate: init.mutationRate });
  return { rdkit: rdkit.version };
}

function parent(smiles: string): Bred | null {
  let p = parents.get(smiles);
  if (p === undefined) {
    if (parents.size >= PARENTS_KEPT) parents.clear();
    p = breeder!.read(smiles);
    parents.set(smiles, p);
  }
  return p;
}

/** Makes one child per pair (crossover, then a mutation at the rate) and scores those RDKit accepted. */
export async function breed(request: BreedRequest, ctx: TaskContext): Promise<BreedResult> {
  const random = mulberry32(request.seed);
  const before = { ...breeder!.counts };
  const made = request.pairs.map(([a, b]) => {
    const pa = parent(a);
    const pb = parent(b);
    return pa && pb ? breeder!.child(pa, pb, random) : null;
  });
  const smiles = made.flatMap((m) => (m ? [m.smiles] : []));
  const scored = await scorer!.score(smiles, { signal: ctx.signal });
  let k = 0;
  const children = made.map((m, i) => {
    if (!m) return null;
    const s = scored[k++];
    return s ? { ...s, parents: [...request.pairs[i]!] as [string, string] } : null;
  });
  const counts = breeder!.counts;
  // A child RDKit read but the scorer could not (its standardisation failed) is dropped as invalid too.
  const unscored = scored.filter((x) => !x).length;
  return {
    children,
    proposed: counts.proposed - before.proposed,
    invalid: counts.invalid - before.invalid + unscored,
  };
}

/** Scores molecules (null for one RDKit cannot read). */
export function score(smiles: readonly string[], ctx: TaskContext): Promise<(ScoredMolecule | null)[]> {
  return scorer!.score(smiles, { signal: ctx.signal });
}

export async function teardown(): Promise<void> {
  parents.clear();
  await scorer?.dispose();
}
