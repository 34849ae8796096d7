// A molecule as a plain graph that the design operators can edit: heavy atoms with their element and
// charge, Kekulé bonds (orders 1-3, no aromatic flags), written back as a Kekulé SMILES that RDKit
// re-reads, sanitises and re-aromatises. Editing a copy of plain arrays is much cheaper than round trips
// through RDKit's reaction engine, and RDKit stays the judge of what is a molecule.
import { molGraph } from '../../rdkit/mol-graph.js';
import type { RDKitMol } from '../../rdkit/rdkit.js';

/** An atom: element (atomic number), formal charge, and a fixed hydrogen count or null for RDKit's implicit one. */
export interface GraphAtom {
  readonly z: number;
  readonly charge: number;
  /** Hydrogens written in brackets; null writes the bare symbol, whose hydrogens RDKit fills from its valence. */
  readonly hs: number | null;
}

/** A bond between two atoms (indices), Kekulé order. */
export interface GraphBond {
  readonly a: number;
  readonly b: number;
  readonly order: 1 | 2 | 3;
}

/** A molecule's editable graph. */
export interface EditGraph {
  readonly atoms: readonly GraphAtom[];
  readonly bonds: readonly GraphBond[];
}

/** Element symbols by atomic number (index 0 unused). */
const SYMBOLS = (
  ' H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr'
).split(' ');

/** Valences RDKit allows a neutral atom of the organic subset, smallest first: what fills implicit hydrogens. */
const VALENCES: Record<number, readonly number[]> = {
  5: [3],
  6: [4],
  7: [3],
  8: [2],
  9: [1],
  15: [3, 5, 7],
  16: [2, 4, 6],
  17: [1],
  35: [1],
  53: [1, 3, 5],
};

/** An element's symbol (`*` for a dummy atom, atomic number 0). */
export function symbolOf(z: number): string {
  return SYMBOLS[z] || '*';
}

/** Sum of bond orders at each atom. */
export function bondOrderSums(g: EditGraph): number[] {
  const sums = new Array<number>(g.atoms.length).fill(0);
  for (const b of g.bonds) {
    sums[b.a]! += b.order;
    sums[b.b]! += b.order;
  }
  return sums;
}

/**
 * The implicit hydrogens RDKit gives a bare, neutral atom of the organic subset with these bonds: the
 * smallest allowed valence at or above the bond orders, minus them; -1 when no valence allows them.
 */
export function implicitHydrogens(z: number, bondOrders: number): number {
  const allowed = VALENCES[z];
  if (!allowed) return -1;
  const v = allowed.find((x) => x >= bondOrders);
  return v === undefined ? -1 : v - bondOrders;
}

/** Hydrogens on each atom: the fixed count, or the implicit one (-1 where the valence is impossible). */
export function hydrogenCounts(g: EditGraph): number[] {
  const sums = bondOrderSums(g);
  return g.atoms.map((a, i) => a.hs ?? implicitHydrogens(a.z, sums[i]!));
}

/**
 * The molecule's graph, Kekulé, hydrogens implicit (atoms that cannot be written bare keep theirs fixed);
 * null for a molecule with bonds other than single, double and triple (dative bonds of metal complexes).
 */
export function graphOf(mol: RDKitMol): EditGraph | null {
  // RDKit's JSON writes bonds in a Kekulé form, with the aromatic ones listed apart.
  const graph = molGraph(mol);
  const { atom: da, bond: db } = graph.defaults;
  const m = graph.molecules[0]!;
  const bonds: GraphBond[] = (m.bonds ?? []).map((b) => ({
    a: b.atoms[0],
    b: b.atoms[1],
    order: (b.bo ?? db.bo) as 1 | 2 | 3,
  }));
  if (bonds.some((b) => b.order < 1 || b.order > 3 || !Number.isInteger(b.order))) return null;
  const raw = m.atoms as { z?: number; impHs?: number; chg?: number; isotope?: number; nRad?: number }[];
  const sums = bondOrderSums({ atoms: raw as GraphAtom[], bonds });
  const atoms = raw.map((a, i): GraphAtom => {
    const z = a.z ?? da.z;
    const charge = a.chg ?? da.chg;
    const hs = a.impHs ?? da.impHs;
    const bare =
      charge === 0 && !a.nRad && !(a.isotope ?? da.isotope) && implicitHydrogens(z, sums[i]!) === hs;
    return { z, charge, hs: bare ? null : hs };
  });
  return { atoms, bonds };
}

function atomToken(a: GraphAtom): string {
  const symbol = symbolOf(a.z);
  if (a.hs === null && a.charge === 0 && VALENCES[a.z]) return symbol;
  const h = a.hs ? (a.hs > 1 ? `H${a.hs}` : 'H') : '';
  const q =
    a.charge === 0 ? '' : `${a.charge > 0 ? '+' : '-'}${Math.abs(a.charge) > 1 ? Math.abs(a.charge) : ''}`;
  return `[${symbol}${h}${q}]`;
}

const BOND_SYMBOL = ['', '', '=', '#'] as const;

/**
 * A SMILES of the graph (Kekulé, all bond orders written), components joined by '.', for RDKit to read
 * and sanitise: it is RDKit that decides whether the graph is a molecule.
 */
export function toSmiles(g: EditGraph): string {
  const n = g.atoms.length;
  const adjacent: { to: number; bond: number }[][] = Array.from({ length: n }, () => []);
  g.bonds.forEach((b, k) => {
    adjacent[b.a]!.push({ to: b.b, bond: k });
    adjacent[b.b]!.push({ to: b.a, bond: k });
  });
  // Pass 1: a depth-first spanning forest; every other bond closes a ring, opened at the atom seen first.
  const seen = new Uint8Array(n);
  const children: number[][] = Array.from({ length: n }, () => []);
  const opens: number[][] = Array.from({ length: n }, () => []);
  const closes: number[][] = Array.from({ length: n }, () => []);
  const treeBond = new Int32Array(n).fill(-1);
  const closure = new Uint8Array(g.bonds.length);
  const roots: number[] = [];
  for (let r = 0; r < n; r++) {
    if (seen[r]) continue;
    roots.push(r);
    const stack: { atom: number; next: number }[] = [{ atom: r, next: 0 }];
    seen[r] = 1;
    while (stack.length) {
      const top = stack.at(-1)!;
      const edge = adjacent[top.atom]![top.next++];
      if (!edge) {
        stack.pop();
        continue;
      }
      if (edge.bond === treeBond[top.atom] || closure[edge.bond]) continue;
      if (!seen[edge.to]) {
        seen[edge.to] = 1;
        treeBond[edge.to] = edge.bond;
        children[top.atom]!.push(edge.to);
        stack.push({ atom: edge.to, next: 0 });
      } else {
        closure[edge.bond] = 1;
        opens[edge.to]!.push(edge.bond);
        closes[top.atom]!.push(edge.bond);
      }
    }
  }
  // Pass 2: write each tree, branches in parentheses, ring-closure digits reused once closed.
  const digits = new Map<number, number>();
  const free: number[] = [];
  let nextDigit = 1;
  const label = (d: number) => (d < 10 ? String(d) : `%${d}`);
  const write = (root: number): string => {
    let out = '';
    const stack: (number | string)[] = [root];
    while (stack.length) {
      const item = stack.pop()!;
      if (typeof item === 'string') {
        out += item;
        continue;
      }
      const atom = item;
      if (treeBond[atom]! >= 0) out += BOND_SYMBOL[g.bonds[treeBond[atom]!]!.order];
      out += atomToken(g.atoms[atom]!);
      const closed = closes[atom]!.map((bond) => digits.get(bond)!);
      for (const d of closed) out += label(d);
      for (const bond of opens[atom]!) {
        const d = free.pop() ?? nextDigit++;
        digits.set(bond, d);
        out += BOND_SYMBOL[g.bonds[bond]!.order] + label(d);
      }
      // Freed only now: a digit closed and opened again on one atom would read as one ring bond.
      if (closed.length) {
        free.push(...closed);
        free.sort((x, y) => y - x);
      }
      const kids = children[atom]!;
      // Pushed in reverse: the last child is written unbranched, the others in parentheses.
      for (let k = kids.length - 1; k >= 0; k--) {
        if (k === kids.length - 1) stack.push(kids[k]!);
        else stack.push(')', kids[k]!, '(');
      }
    }
    return out;
  };
  return roots.map(write).join('.');
}
