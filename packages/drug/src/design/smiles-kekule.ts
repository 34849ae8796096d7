// Whether the aromatic atoms of a SMILES being written can still be kekulised: the check SmilesGrammar
// makes after every token, so that a sample never writes an aromatic system RDKit cannot read.
import { AROMATIC_NEIGHBOURS, type TokenKind } from './smiles-token-kinds.js';

export interface Atom {
  readonly token: Extract<TokenKind, { kind: 'atom' }>;
  /** Bond orders used, ring bonds still open included. */
  used: number;
  readonly neighbours: number[];
  /** Whether one of its bonds is a double bond (not aromatic). */
  double: boolean;
}

/** The state of one sequence: the molecule written so far. */
export interface SmilesGrammarState {
  readonly atoms: Atom[];
  readonly bonds: [number, number][];
  /** The atom the next atom, bond or ring closure attaches to (-1: none, at the start or after a dot). */
  current: number;
  /** The kind of the last token, and of the one before a bond. */
  last: TokenKind['kind'] | 'start';
  beforeBond: TokenKind['kind'] | 'start';
  /** A bond written and not yet used (its order). */
  pending: number | null;
  readonly branches: number[];
  /** Open ring closures by label: the atom, the order reserved on it, and the order written there (if any). */
  readonly rings: Map<string, { atom: number; reserved: number; written: number | null }>;
}

/**
 * The molecule as it will be after the next token, for {@link kekulisable}: the atom then current, the
 * last open branch closed (`)`), a ring closed, a bond added, atoms given a double bond.
 */
export interface Next {
  readonly current: number;
  readonly popBranch?: boolean;
  readonly closing?: string;
  /** The bond the token makes (to a new atom when it is the next index), and whether it is aromatic. */
  readonly bond?: readonly [number, number];
  readonly aromaticBond?: boolean;
  /** A new aromatic atom that may take a double bond, at index `atoms.length`. */
  readonly added?: boolean;
  readonly doubled?: readonly number[];
}

/**
 * Whether an aromatic atom needs a double bond in the Kekulé form (`extra`: neighbours the next token
 * gives it): a finished one by its final degree.
 */
export function needsDouble(atom: Atom, finished: boolean, extra = 0): boolean {
  if (!atom.token.aromatic || atom.double) return false;
  const { symbol, charge, hydrogens } = atom.token;
  const degree = atom.neighbours.length + extra + hydrogens;
  switch (symbol) {
    case 'c':
      return charge === 0;
    case 'n':
    case 'p':
      // A pyridine-like atom (two neighbours) needs one; a pyrrole-like one (three) does not.
      if (charge === 0) return finished ? degree === 2 : degree <= 2;
      return charge > 0 && degree <= 3;
    case 'o':
    case 's':
    case 'se':
      return charge > 0 && degree <= 2;
    default:
      return false;
  }
}

/**
 * Whether the aromatic atoms can still be given alternating double bonds, as RDKit must to read them.
 * An atom is finished when nothing can bond to it any more (not current, on no open branch, with no
 * open ring): each finished aromatic atom must be in a ring (two aromatic bonds), and each that needs a
 * double bond (a carbon with none, a pyridine-like nitrogen, a cation of oxygen or sulfur) must be
 * matched along an aromatic bond with a partner that can take one (a maximum matching by augmenting
 * paths). Atoms not finished need no partner yet: a later bond may still give them one. Checked after
 * every token, so the first token that makes the aromatic system impossible is refused, rather than the
 * end only (where the sample could only go on to the length limit).
 */
export function kekulisable(s: SmilesGrammarState, next: Next): boolean {
  // Nothing aromatic written yet: nothing to pair (a new aromatic atom is not finished).
  if (!s.atoms.some((a) => a.token.aromatic)) return true;
  // The atoms, with the one the next token writes (the bond to it names its index).
  const n = Math.max(s.atoms.length, ...(next.bond ?? []).map((a) => a + 1));
  const open = new Uint8Array(n);
  const branches = next.popBranch ? s.branches.slice(0, -1) : s.branches;
  for (const b of branches) open[b] = 1;
  const ringsAt = new Uint8Array(n);
  for (const [label, r] of s.rings)
    if (label !== next.closing) {
      open[r.atom] = 1;
      // A ring bond written single or double is no aromatic bond.
      if (r.written === null) ringsAt[r.atom]!++;
    }
  if (next.current >= 0) open[next.current] = 1;
  // Neighbours the next token adds.
  const extra = new Uint8Array(n);
  for (const a of next.bond ?? []) extra[a] = 1;
  const doubled = new Set(next.doubled ?? []);
  const adjacency = Array.from({ length: n }, (_, i) => [...(s.atoms[i]?.neighbours ?? [])]);
  if (next.bond) {
    adjacency[next.bond[0]]!.push(next.bond[1]);
    adjacency[next.bond[1]]!.push(next.bond[0]);
  }
  // RDKit makes an aromatic bond in no ring single: only bonds in a ring, or that a ring may yet take
  // in, pair atoms or put them in a ring.
  const inRing = ringBonds(adjacency, open);
  const aromatic = (next.bond && next.aromaticBond ? [...s.bonds, next.bond] : s.bonds).filter(([a, b]) =>
    inRing(a, b),
  );
  const aromaticBonds = new Uint8Array(n);
  for (const [a, b] of aromatic) {
    aromaticBonds[a]!++;
    aromaticBonds[b]!++;
  }
  const needs = new Uint8Array(n);
  const required = new Uint8Array(n);
  for (let i = 0; i < s.atoms.length; i++) {
    const atom = s.atoms[i]!;
    if (!atom.token.aromatic) continue;
    const degree = atom.neighbours.length + extra[i]!;
    // An aromatic atom with three neighbours and no ring left open on it takes no more bonds.
    const finished = !open[i] || (degree >= AROMATIC_NEIGHBOURS && !ringsAt[i]);
    // In a ring: two aromatic bonds, or room for them (its open rings, and the neighbours and valence left).
    const room =
      ringsAt[i]! +
      Math.max(
        0,
        Math.min(AROMATIC_NEIGHBOURS - degree - ringsAt[i]!, atom.token.valence - atom.used - extra[i]!),
      );
    if (aromaticBonds[i]! < 2 && (finished || room < 2 - aromaticBonds[i]!)) return false;
    // A neutral aromatic oxygen or sulfur takes a third neighbour only by a double bond (s(=O)).
    const { symbol, charge } = atom.token;
    if (finished && /^(o|s|se)$/.test(symbol) && charge === 0 && degree > 2 && !atom.double) return false;
    if (doubled.has(i) || !needsDouble(atom, finished, extra[i])) continue;
    needs[i] = 1;
    required[i] = finished ? 1 : 0;
  }
  if (next.added) needs[n - 1] = 1;
  if (!required.some(Boolean)) return true;
  const partners: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of aromatic)
    if (needs[a] && needs[b]) {
      partners[a]!.push(b);
      partners[b]!.push(a);
    }
  const mate = new Int32Array(n).fill(-1);
  // An alternating path from `a` to a free atom, each atom on it once. Without blossoms (Edmonds), a
  // system with an odd ring of atoms that all need a double bond (azulene) may lose a matching that
  // exists, and the token is refused: the sample takes another, never one RDKit cannot read.
  const augment = (a: number, seen: Uint8Array): boolean => {
    for (const b of partners[a]!) {
      if (seen[b]) continue;
      seen[b] = 1;
      const c = mate[b]!;
      if (c !== -1) {
        if (seen[c]) continue;
        seen[c] = 1;
        // A partner that needs none yet (not finished) gives `b` up; a finished one must find another.
        if (!required[c]) mate[c] = -1;
        else if (!augment(c, seen)) continue;
      }
      mate[a] = b;
      mate[b] = a;
      return true;
    }
    return false;
  };
  for (let a = 0; a < n; a++) {
    if (!required[a] || mate[a] !== -1) continue;
    const seen = new Uint8Array(n);
    seen[a] = 1;
    if (!augment(a, seen)) return false;
  }
  return true;
}

/**
 * Which bonds are in a ring or may yet be: every bond but a bridge (Tarjan's bridges), and a bridge with
 * an atom still open to bonds (`open`) on each side, which a ring closed later may take in.
 */
function ringBonds(adjacency: readonly number[][], open: Uint8Array): (a: number, b: number) => boolean {
  const n = adjacency.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const openBelow = new Int32Array(n);
  let time = 0;
  const visit = (v: number): void => {
    order[v] = low[v] = time++;
    openBelow[v] = open[v]!;
    for (const w of adjacency[v]!) {
      if (order[w] === -1) {
        parent[w] = v;
        visit(w);
        openBelow[v]! += openBelow[w]!;
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (w !== parent[v]) low[v] = Math.min(low[v]!, order[w]!);
    }
  };
  const openInComponent = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const first = time;
    visit(root);
    for (let v = 0; v < n; v++) if (order[v]! >= first) openInComponent[v] = openBelow[root]!;
  }
  const closed = new Set<number>();
  for (let v = 0; v < n; v++) {
    const p = parent[v]!;
    if (p < 0 || low[v]! <= order[p]!) continue;
    if (openBelow[v] === 0 || openInComponent[v]! - openBelow[v]! === 0)
      closed.add(Math.min(p, v) * n + Math.max(p, v));
  }
  return (a, b) => !closed.has(Math.min(a, b) * n + Math.max(a, b));
}
