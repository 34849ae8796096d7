// Children of two parents as Jensen's graph-based GA makes them (Chem. Sci. 2019, 10, 3567): crossover,
// then, at the mutation rate, one mutation; each proposal is kept only if it is one connected molecule of a
// plausible size, with sane rings, that RDKit reads and sanitises.
import { isStrataError } from '@strata/core';
import type { RDKit } from '../../rdkit/rdkit.js';
import { chainChildren, cutChain, cutRing, ringChildren } from './crossover.js';
import { graphOf, toSmiles, type EditGraph } from './edit-graph.js';
import { components, subgraph } from './graph-edits.js';
import { mutations } from './mutations.js';
import { ringInfo, ringsAcceptable } from './rings.js';

/** A molecule the breeder can work on: its canonical SMILES and editable graph. */
export interface Bred {
  readonly smiles: string;
  readonly graph: EditGraph;
}

/** Options of a {@link GraphBreeder}. */
export interface BreederOptions {
  /** Chance that a child of a crossover is also mutated. @defaultValue `0.01` (GuacaMol's Graph GA) */
  readonly mutationRate?: number;
  /**
   * A child is kept only with more than 5 heavy atoms and fewer than a size drawn from a normal
   * distribution of this mean and deviation. @defaultValue `{ mean: 39.15, sd: 3.5 }` (ChEMBL's, as GuacaMol)
   */
  readonly size?: { readonly mean: number; readonly sd: number };
}

/** What became of the molecules a breeder proposed. */
export interface BreederCounts {
  /** Graphs written and given to RDKit. */
  proposed: number;
  /** Of those, the ones RDKit could not read or sanitise (dropped). */
  invalid: number;
}

/**
 * Makes children of parent molecules on one RDKit instance, counting what RDKit refused.
 *
 * @example
 * ```ts
 * const breeder = new GraphBreeder(rdkit);
 * const random = mulberry32(1);
 * const a = breeder.read('CCOc1ccccc1')!, b = breeder.read('NC(=O)C1CCNCC1')!;
 * breeder.child(a, b, random)?.smiles; // e.g. 'CCOc1ccccc1C1CCNCC1'
 * ```
 */
export class GraphBreeder {
  readonly counts: BreederCounts = { proposed: 0, invalid: 0 };
  private readonly mutationRate: number;
  private readonly size: { mean: number; sd: number };

  constructor(
    private readonly rdkit: RDKit,
    options: BreederOptions = {},
  ) {
    this.mutationRate = options.mutationRate ?? 0.01;
    this.size = { mean: 39.15, sd: 3.5, ...options.size };
  }

  /**
   * A molecule to breed from, or null when RDKit cannot read it or it has bonds the operators cannot edit.
   * A molecule of several fragments (a salt, a solvate) breeds as its largest one: the operators join
   * and cut one graph, and a counter-ion is no part of a design.
   */
  read(smiles: string): Bred | null {
    let read: Bred | null;
    try {
      read = this.rdkit.withMol(smiles, (m) => {
        const graph = graphOf(m);
        return graph && { smiles: m.get_smiles(), graph };
      });
    } catch (err) {
      if (isStrataError(err)) return null;
      throw err;
    }
    if (!read) return null;
    const { graph } = read;
    const parts = components(graph);
    if (parts.length === 1) return read;
    const largest = parts.reduce((a, b) => (b.length > a.length ? b : a));
    return this.read(toSmiles(subgraph(graph, largest).graph));
  }

  /** A crossover of the two parents, mutated at the mutation rate; null when no acceptable child came. */
  child(a: Bred, b: Bred, random: () => number): Bred | null {
    const child = this.crossover(a, b, random);
    if (!child || random() >= this.mutationRate) return child;
    return this.mutate(child, random);
  }

  /** A crossover different from both parents: up to ten tries, each a chain or a ring crossover at even odds. */
  crossover(a: Bred, b: Bred, random: () => number): Bred | null {
    const maxRing = Math.max(6, largestRing(a.graph), largestRing(b.graph));
    for (let attempt = 0; attempt < 10; attempt++) {
      const ring = random() >= 0.5;
      const child = ring ? this.ringCrossover(a, b, maxRing, random) : this.chainCrossover(a, b, random);
      if (child && child.smiles !== a.smiles && child.smiles !== b.smiles) return child;
    }
    return null;
  }

  /** One mutation (up to ten draws of the operator), or null when none gives an acceptable molecule. */
  mutate(m: Bred, random: () => number): Bred | null {
    const maxRing = Math.max(6, largestRing(m.graph));
    for (let attempt = 0; attempt < 10; attempt++) {
      const found = this.firstAccepted(mutations(m.graph, random), { maxRing }, random);
      if (found) return found;
    }
    return null;
  }

  private chainCrossover(a: Bred, b: Bred, random: () => number): Bred | null {
    for (let attempt = 0; attempt < 10; attempt++) {
      const pa = cutChain(a.graph, random);
      const pb = cutChain(b.graph, random);
      if (!pa || !pb) return null;
      const found = this.firstAccepted(chainChildren(pa, pb), {}, random);
      if (found) return found;
    }
    return null;
  }

  private ringCrossover(a: Bred, b: Bred, maxRing: number, random: () => number): Bred | null {
    for (let attempt = 0; attempt < 10; attempt++) {
      const pa = cutRing(a.graph, random);
      const pb = cutRing(b.graph, random);
      if (!pa || !pb) return null;
      const found = this.firstAccepted(ringChildren(pa, pb), { maxRing }, random);
      if (found) return found;
    }
    return null;
  }

  /** A uniformly drawn acceptable graph of the candidates (tried in random order), or null. */
  private firstAccepted(
    candidates: EditGraph[],
    rules: { maxRing?: number },
    random: () => number,
  ): Bred | null {
    for (let i = candidates.length - 1; i >= 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [candidates[i], candidates[k]] = [candidates[k]!, candidates[i]!];
      const smiles = this.accept(candidates[i]!, rules, random);
      if (smiles) return { smiles, graph: candidates[i]! };
    }
    return null;
  }

  /** The canonical SMILES of an acceptable graph, or null. */
  private accept(g: EditGraph, rules: { maxRing?: number }, random: () => number): string | null {
    const heavy = g.atoms.length;
    if (heavy <= 5 || heavy >= this.size.mean + this.size.sd * gaussian(random)) return null;
    if (components(g).length !== 1) return null;
    if (rules.maxRing !== undefined && !ringsAcceptable(g, rules.maxRing)) return null;
    this.counts.proposed++;
    let smiles: string | null = null;
    try {
      smiles = this.rdkit.withMol(toSmiles(g), (m) => m.get_smiles());
    } catch (err) {
      if (!isStrataError(err)) throw err;
    }
    if (!smiles) this.counts.invalid++;
    return smiles;
  }
}

function largestRing(g: EditGraph): number {
  return Math.max(0, ...ringInfo(g).bondRing);
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
