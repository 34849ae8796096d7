// The seven graph mutations of Jensen's graph-based genetic algorithm (Chem. Sci. 2019, 10, 3567), with
// his probabilities, written as edits of an editable graph. Each returns every product of one drawn
// variant (as a reaction would), and the caller keeps a random one that RDKit accepts.
import { hydrogenCounts, type EditGraph } from './edit-graph.js';
import { bondBetween, edit, withOrder, withoutAtom, type Order } from './graph-edits.js';
import { adjacency, ringInfo, type RingInfo } from './rings.js';

/** Draws an index from weights that sum to one. */
export function pick(weights: readonly number[], random: () => number): number {
  let u = random();
  for (let i = 0; i < weights.length - 1; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

const Z = { C: 6, N: 7, O: 8, F: 9, S: 16, Cl: 17, Br: 35 } as const;
const atom = (z: number) => ({ z, charge: 0, hs: null });
const draw = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** What the mutations read about a graph. */
interface Facts {
  readonly g: EditGraph;
  readonly h: number[];
  readonly rings: RingInfo;
  readonly neighbours: { to: number; bond: number }[][];
}

function insertAtom(f: Facts, random: () => number): EditGraph[] {
  const variant = pick([0.6, 0.35, 0.05], random);
  const z = draw([[Z.C, Z.N, Z.O], [Z.C, Z.N], [Z.C]][variant]!, random);
  const n = f.g.atoms.length;
  const out: EditGraph[] = [];
  f.g.bonds.forEach((b, k) => {
    for (const [u, v] of variant === 0
      ? [[b.a, b.b]]
      : [
          [b.a, b.b],
          [b.b, b.a],
        ]) {
      if (variant === 1 && !f.h[u!]) continue;
      if (variant === 2 && (f.rings.atomRing[u!] || f.h[u!]! < 2)) continue;
      const order = (variant + 1) as Order;
      out.push(
        edit(f.g, {
          addAtoms: [atom(z)],
          removeBonds: [k],
          addBonds: [
            { a: u!, b: n, order },
            { a: n, b: v!, order: 1 },
          ],
        }),
      );
    }
  });
  return out;
}

function changeBondOrder(f: Facts, random: () => number): EditGraph[] {
  const variant = pick([0.45, 0.45, 0.05, 0.05], random);
  const out: EditGraph[] = [];
  f.g.bonds.forEach((b, k) => {
    if (variant === 0 && b.order !== 1) out.push(withOrder(f.g, k, 1));
    if (variant === 1 && b.order === 1 && f.h[b.a] && f.h[b.b]) out.push(withOrder(f.g, k, 2));
    if (variant === 2 && b.order === 3) out.push(withOrder(f.g, k, 2));
    if (variant === 3 && b.order !== 3 && [b.a, b.b].some((u) => !f.rings.atomRing[u] && f.h[u]! >= 2))
      out.push(withOrder(f.g, k, 3));
  });
  return out;
}

function deleteRingBond(f: Facts): EditGraph[] {
  return f.g.bonds.flatMap((_, k) => (f.rings.bondRing[k] ? [edit(f.g, { removeBonds: [k] })] : []));
}

/** Simple paths of `length` atoms over atoms on no ring, each found once (from its lower end). */
function chains(f: Facts, length: number): number[][] {
  const out: number[][] = [];
  const extend = (path: number[]) => {
    if (path.length === length) {
      if (path[0]! < path.at(-1)!) out.push(path);
      return;
    }
    for (const { to } of f.neighbours[path.at(-1)!]!)
      if (!f.rings.atomRing[to] && !path.includes(to)) extend([...path, to]);
  };
  for (let a = 0; a < f.g.atoms.length; a++) if (!f.rings.atomRing[a]) extend([a]);
  return out;
}

function addRing(f: Facts, random: () => number): EditGraph[] {
  const size = 3 + pick([0.05, 0.05, 0.45, 0.45], random);
  return chains(f, size)
    .filter((p) => f.h[p[0]!] && f.h[p.at(-1)!] && bondBetween(f.g, p[0]!, p.at(-1)!) < 0)
    .map((p) => edit(f.g, { addBonds: [{ a: p[0]!, b: p.at(-1)!, order: 1 }] }));
}

/** Removes an atom of the given degree and joins some of its neighbours in a chain by single bonds. */
function deleteAtom(f: Facts, random: () => number): EditGraph[] {
  const variant = pick([0.25, 0.25, 0.25, 0.1875, 0.0625], random);
  const degree = [1, 2, 3, 4, 4][variant]!;
  const out: EditGraph[] = [];
  f.g.atoms.forEach((_, a) => {
    const nb = f.neighbours[a]!.map((x) => x.to);
    if (nb.length !== degree) return;
    // Chains of neighbours to join, as the variant's template orders them: [] joins none.
    const joins: number[][] = [];
    if (variant === 0) joins.push([]);
    if (variant === 1) joins.push([nb[0]!, nb[1]!]);
    for (const mid of nb) {
      const others = nb.filter((x) => x !== mid);
      if (variant === 2 && f.h[mid]) joins.push([others[0]!, mid, others[1]!]);
      if (variant === 4 && f.h[mid]! >= 2) joins.push([others[0]!, mid, others[1]!]);
      if (variant === 3 && f.h[mid])
        for (const mid2 of others.filter((x) => f.h[x]))
          for (const end of others.filter((x) => x !== mid2))
            joins.push([others.find((x) => x !== mid2 && x !== end)!, mid, mid2, end]);
    }
    for (const chain of joins) {
      const links = chain.slice(1).map((b, i) => ({ a: chain[i]!, b, order: 1 as const }));
      if (links.some((l) => bondBetween(f.g, l.a, l.b) >= 0)) continue;
      out.push(withoutAtom(edit(f.g, { addBonds: links }), a));
    }
  });
  return out;
}

function changeAtom(f: Facts, random: () => number): EditGraph[] {
  const elements = [Z.C, Z.N, Z.O, Z.F, Z.S, Z.Cl, Z.Br];
  const weights = [0.15, 0.15, 0.14, 0.14, 0.14, 0.14, 0.14];
  const from = elements[pick(weights, random)]!;
  let to = from;
  while (to === from) to = elements[pick(weights, random)]!;
  return f.g.atoms.flatMap((a, i) =>
    a.z === from && a.charge === 0 && a.hs === null
      ? [{ atoms: f.g.atoms.map((x, k) => (k === i ? atom(to) : x)), bonds: f.g.bonds }]
      : [],
  );
}

function appendAtom(f: Facts, random: () => number): EditGraph[] {
  const variant = pick([0.6, 0.35, 0.05], random);
  const z = draw(
    [
      [Z.C, Z.N, Z.O, Z.F, Z.S, Z.Cl, Z.Br],
      [Z.C, Z.N, Z.O],
      [Z.C, Z.N],
    ][variant]!,
    random,
  );
  const n = f.g.atoms.length;
  const needs = [1, 2, 3][variant]!;
  return f.g.atoms.flatMap((_, a) =>
    (variant === 2 ? f.h[a] === 3 : f.h[a]! >= needs)
      ? [edit(f.g, { addAtoms: [atom(z)], addBonds: [{ a, b: n, order: (variant + 1) as Order }] })]
      : [],
  );
}

/** The mutations with Jensen's probabilities. */
const MUTATIONS: readonly [number, (f: Facts, random: () => number) => EditGraph[]][] = [
  [0.15, insertAtom],
  [0.14, changeBondOrder],
  [0.14, deleteRingBond],
  [0.14, addRing],
  [0.14, deleteAtom],
  [0.14, changeAtom],
  [0.15, appendAtom],
];

/** Every product of one mutation drawn with Jensen's probabilities (none when it has no site). */
export function mutations(g: EditGraph, random: () => number): EditGraph[] {
  const facts: Facts = { g, h: hydrogenCounts(g), rings: ringInfo(g), neighbours: adjacency(g) };
  const [, mutate] =
    MUTATIONS[
      pick(
        MUTATIONS.map(([p]) => p),
        random,
      )
    ]!;
  return mutate(facts, random);
}
