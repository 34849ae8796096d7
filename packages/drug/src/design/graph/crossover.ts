// The crossovers of Jensen's graph-based genetic algorithm (Chem. Sci. 2019, 10, 3567) as graph edits:
// cut each parent in two (at an acyclic single bond, or across a ring at two ring bonds) and join a piece
// of one to a piece of the other where the cuts were.
import type { EditGraph } from './edit-graph.js';
import { components, edit, subgraph, union, type Order } from './graph-edits.js';
import { adjacency, ringInfo } from './rings.js';

/** A piece of a parent: its graph and the atoms where its cut bonds were. */
export interface Fragment {
  readonly graph: EditGraph;
  readonly attach: readonly number[];
}

const draw = <T>(items: readonly T[], random: () => number): T | undefined =>
  items[Math.floor(random() * items.length)];

/** The two pieces after removing some bonds, or null when they do not leave exactly two. */
function split(g: EditGraph, bonds: readonly number[]): [Fragment, Fragment] | null {
  const cut = edit(g, { removeBonds: bonds });
  const parts = components(cut);
  if (parts.length !== 2) return null;
  const ends = bonds.flatMap((k) => [g.bonds[k]!.a, g.bonds[k]!.b]);
  const piece = (atoms: number[]): Fragment => {
    const { graph, index } = subgraph(cut, atoms);
    return { graph, attach: ends.filter((e) => index.has(e)).map((e) => index.get(e)!) };
  };
  const pieces: [Fragment, Fragment] = [piece(parts[0]!), piece(parts[1]!)];
  // Each piece holds one end of every cut bond, or the cut did not make the two pieces: a molecule of
  // two fragments (a salt) cut across a fused ring is still two pieces, one with no end to join by.
  return pieces.every((p) => p.attach.length === bonds.length) ? pieces : null;
}

/** Cuts at a random acyclic single bond. */
export function cutChain(g: EditGraph, random: () => number): [Fragment, Fragment] | null {
  const rings = ringInfo(g);
  const bond = draw(
    g.bonds.flatMap((b, k) => (b.order === 1 && !rings.bondRing[k] ? [k] : [])),
    random,
  );
  return bond === undefined ? null : split(g, [bond]);
}

/**
 * Cuts across a ring: at the first and third bonds of a path of four ring atoms, or at the two ring bonds
 * of a ring atom with a third neighbour; up to ten draws until the cut leaves two pieces.
 */
export function cutRing(g: EditGraph, random: () => number): [Fragment, Fragment] | null {
  const rings = ringInfo(g);
  const adjacent = adjacency(g);
  const ringNeighbours = (a: number) => adjacent[a]!.filter((x) => rings.bondRing[x.bond]);
  for (let attempt = 0; attempt < 10; attempt++) {
    let bonds: number[] | undefined;
    if (random() < 0.5) {
      const middle = draw(
        g.bonds.flatMap((_, k) => (rings.bondRing[k] ? [k] : [])),
        random,
      );
      if (middle === undefined) return null;
      const { a, b } = g.bonds[middle]!;
      const left = draw(
        ringNeighbours(a).filter((x) => x.to !== b),
        random,
      );
      const right = draw(
        ringNeighbours(b).filter((x) => x.to !== a && x.to !== left?.to),
        random,
      );
      if (left && right) bonds = [left.bond, right.bond];
    } else {
      const centre = draw(
        g.atoms.flatMap((_, a) => (ringNeighbours(a).length >= 2 && adjacent[a]!.length >= 3 ? [a] : [])),
        random,
      );
      if (centre === undefined) return null;
      const pair = ringNeighbours(centre)
        .sort(() => random() - 0.5)
        .slice(0, 2);
      bonds = pair.map((x) => x.bond);
    }
    const pieces = bonds && split(g, bonds);
    if (pieces) return pieces;
  }
  return null;
}

/** Every join of a piece of one parent to a piece of the other by a single bond at their cuts. */
export function chainChildren(a: readonly Fragment[], b: readonly Fragment[]): EditGraph[] {
  const out: EditGraph[] = [];
  for (const fa of a)
    for (const fb of b) {
      const n = fa.graph.atoms.length;
      out.push(
        edit(union(fa.graph, fb.graph), { addBonds: [{ a: fa.attach[0]!, b: n + fb.attach[0]!, order: 1 }] }),
      );
    }
  return out;
}

/**
 * Every closing of a ring from a piece of each parent: both cut ends of one joined to both of the
 * other's, each join single or double, in both orientations.
 */
export function ringChildren(a: readonly Fragment[], b: readonly Fragment[]): EditGraph[] {
  const out: EditGraph[] = [];
  const orders: Order[] = [1, 2];
  for (const fa of a)
    for (const fb of b) {
      const n = fa.graph.atoms.length;
      const [p, q] = fa.attach as [number, number];
      for (const [r, s] of [fb.attach, [...fb.attach].reverse()] as [number, number][])
        for (const o1 of orders)
          for (const o2 of orders) {
            if (p === q && r === s) continue;
            out.push(
              edit(union(fa.graph, fb.graph), {
                addBonds: [
                  { a: p, b: n + r, order: o1 },
                  { a: q, b: n + s, order: o2 },
                ],
              }),
            );
          }
    }
  return out;
}
