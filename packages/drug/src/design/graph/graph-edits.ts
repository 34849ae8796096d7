// Small immutable edits of an editable graph that the mutation and crossover operators are made of.
import { bondOrderSums, type EditGraph, type GraphAtom, type GraphBond } from './edit-graph.js';
import { adjacency } from './rings.js';

/** Bond orders an operator writes. */
export type Order = 1 | 2 | 3;

/** The index of the bond between two atoms, or -1. */
export function bondBetween(g: EditGraph, a: number, b: number): number {
  return g.bonds.findIndex((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
}

/**
 * An atom whose hydrogens are fixed (a bracket atom) gives up or takes back hydrogens as its bond orders
 * change, so that its valence stays what it was; a bare atom's hydrogens are RDKit's to fill.
 */
function rebalance(g: EditGraph, before: readonly number[]): GraphAtom[] {
  const after = bondOrderSums(g);
  return g.atoms.map((a, i) =>
    a.hs === null || i >= before.length || after[i] === before[i]
      ? a
      : { ...a, hs: a.hs - (after[i]! - before[i]!) },
  );
}

/** The graph with atoms added, bonds removed (by index) and bonds added; fixed hydrogens rebalanced. */
export function edit(
  g: EditGraph,
  change: {
    addAtoms?: readonly GraphAtom[];
    removeBonds?: readonly number[];
    addBonds?: readonly GraphBond[];
  },
): EditGraph {
  const before = bondOrderSums(g);
  const removed = new Set(change.removeBonds ?? []);
  const next: EditGraph = {
    atoms: [...g.atoms, ...(change.addAtoms ?? [])],
    bonds: [...g.bonds.filter((_, k) => !removed.has(k)), ...(change.addBonds ?? [])],
  };
  return { atoms: rebalance(next, before), bonds: next.bonds };
}

/** The graph with one bond's order changed. */
export function withOrder(g: EditGraph, bond: number, order: Order): EditGraph {
  const b = g.bonds[bond]!;
  return edit(g, { removeBonds: [bond], addBonds: [{ a: b.a, b: b.b, order }] });
}

/** The graph without one atom (its bonds go with it; atoms after it move down one index). */
export function withoutAtom(g: EditGraph, atom: number): EditGraph {
  const own = g.bonds.flatMap((b, k) => (b.a === atom || b.b === atom ? [k] : []));
  const detached = edit(g, { removeBonds: own });
  const shift = (i: number) => (i > atom ? i - 1 : i);
  return {
    atoms: detached.atoms.filter((_, i) => i !== atom),
    bonds: detached.bonds.map((b) => ({ ...b, a: shift(b.a), b: shift(b.b) })),
  };
}

/** The graph's connected components, as lists of atoms. */
export function components(g: EditGraph): number[][] {
  const adjacent = adjacency(g);
  const seen = new Uint8Array(g.atoms.length);
  const out: number[][] = [];
  for (let r = 0; r < g.atoms.length; r++) {
    if (seen[r]) continue;
    const comp = [r];
    seen[r] = 1;
    for (let k = 0; k < comp.length; k++)
      for (const { to } of adjacent[comp[k]!]!)
        if (!seen[to]) {
          seen[to] = 1;
          comp.push(to);
        }
    out.push(comp);
  }
  return out;
}

/** The subgraph of some atoms, renumbered in the given order, with where each old atom went. */
export function subgraph(
  g: EditGraph,
  atoms: readonly number[],
): { graph: EditGraph; index: Map<number, number> } {
  const index = new Map(atoms.map((a, i) => [a, i]));
  const bonds = g.bonds
    .filter((b) => index.has(b.a) && index.has(b.b))
    .map((b) => ({ ...b, a: index.get(b.a)!, b: index.get(b.b)! }));
  return { graph: { atoms: atoms.map((a) => g.atoms[a]!), bonds }, index };
}

/** Two graphs side by side (the second's atoms numbered after the first's). */
export function union(a: EditGraph, b: EditGraph): EditGraph {
  const n = a.atoms.length;
  return {
    atoms: [...a.atoms, ...b.atoms],
    bonds: [...a.bonds, ...b.bonds.map((x) => ({ ...x, a: x.a + n, b: x.b + n }))],
  };
}
