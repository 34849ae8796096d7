// Ring facts of an editable graph, computed on the graph itself so that the operators can choose where to
// cut and what to accept without asking RDKit.
import type { EditGraph } from './edit-graph.js';

/** Which bonds and atoms lie on rings, and the size of the smallest ring through each. */
export interface RingInfo {
  /** Per bond: the size of the smallest ring through it, 0 for a bond on no ring. */
  readonly bondRing: Int32Array;
  /** Per atom: the size of the smallest ring through it, 0 for an atom on no ring. */
  readonly atomRing: Int32Array;
}

/** Neighbours of each atom with the bond that joins them. */
export function adjacency(g: EditGraph): { to: number; bond: number }[][] {
  const adjacent: { to: number; bond: number }[][] = Array.from({ length: g.atoms.length }, () => []);
  g.bonds.forEach((b, k) => {
    adjacent[b.a]!.push({ to: b.b, bond: k });
    adjacent[b.b]!.push({ to: b.a, bond: k });
  });
  return adjacent;
}

/** Length of the shortest path from `from` to `to` that does not use bond `skip` (0 when there is none). */
function shortestPathAvoiding(
  adjacent: { to: number; bond: number }[][],
  from: number,
  to: number,
  skip: number,
): number {
  const dist = new Int32Array(adjacent.length).fill(-1);
  dist[from] = 0;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const { to: v, bond } of adjacent[u]!) {
      if (bond === skip || dist[v]! >= 0) continue;
      dist[v] = dist[u]! + 1;
      if (v === to) return dist[v]!;
      queue.push(v);
    }
  }
  return 0;
}

/**
 * The smallest ring through each bond (a bond is on a ring when its atoms stay connected without it) and
 * through each atom. Close to RDKit's SSSR sizes: equal for fused and spiro systems, at most the SSSR's
 * for bridged ones.
 */
export function ringInfo(g: EditGraph): RingInfo {
  const adjacent = adjacency(g);
  const bondRing = new Int32Array(g.bonds.length);
  const atomRing = new Int32Array(g.atoms.length);
  g.bonds.forEach((b, k) => {
    const path = shortestPathAvoiding(adjacent, b.a, b.b, k);
    if (!path) return;
    const size = path + 1;
    bondRing[k] = size;
    for (const atom of [b.a, b.b]) if (!atomRing[atom] || atomRing[atom]! > size) atomRing[atom] = size;
  });
  return { bondRing, atomRing };
}

/**
 * Jensen's (2019) ring sanity rules for a proposed molecule: no ring larger than `maxRing`, no double bond
 * between two atoms of a three- or four-membered ring, no cumulated double bonds along ring atoms.
 */
export function ringsAcceptable(g: EditGraph, maxRing: number): boolean {
  const { bondRing, atomRing } = ringInfo(g);
  if (bondRing.some((size) => size > maxRing)) return false;
  const doubles = new Int32Array(g.atoms.length);
  for (const b of g.bonds) {
    if (b.order !== 2) continue;
    const small = (a: number) => atomRing[a]! > 0 && atomRing[a]! <= 4;
    if (small(b.a) && small(b.b)) return false;
    if (atomRing[b.a] && atomRing[b.b]) {
      doubles[b.a]!++;
      doubles[b.b]!++;
    }
  }
  return !doubles.some((n) => n >= 2);
}
