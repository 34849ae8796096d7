// SELFIES decoding: the molecule a SELFIES string derives, symbol by symbol, each bond capped at the valence
// its atoms have left, so every string of known symbols is a molecule RDKit sanitises. Written from the
// paper's grammar (Krenn et al. 2020; SELFIES 2). Stereochemistry is not represented.
import {
  ATOM_SYMBOL,
  BOND_PREFIX,
  BRANCH_OR_RING,
  capacityOf,
  INDEX_OF,
  ORDER_OF,
  ORGANIC,
  selfiesSymbols,
  type Atom,
} from './selfies-alphabet.js';
import { InvalidArgumentError } from '@strata/core';

/** The graph a derivation builds: atoms in order and bonds keyed `i,j` (i < j) with their order. */
class Derivation {
  readonly atoms: Atom[] = [];
  readonly capacity: number[] = [];
  readonly used: number[] = [];
  readonly bonds = new Map<string, number>();
  private readonly rings: [number, number, number][] = [];

  constructor(private readonly symbols: readonly string[]) {}
  private next = 0;

  /** Derives the whole string: the main chain, then the ring bonds, each capped by what both atoms have left. */
  run(): void {
    this.derive(null, -1, Number.POSITIVE_INFINITY);
    for (const [left, right, order] of this.rings) {
      // The closing atom kept `order` of its valence for this bond when it read the ring symbol.
      this.used[right]! -= order;
      if (left === right) continue;
      const key = left < right ? `${left},${right}` : `${right},${left}`;
      const existing = this.bonds.get(key) ?? 0;
      const add = Math.min(order, 3 - existing, this.free(left), this.free(right));
      if (add <= 0) continue;
      this.bonds.set(key, existing + add);
      this.used[left]! += add;
      this.used[right]! += add;
    }
  }

  private free(atom: number): number {
    return this.capacity[atom]! - this.used[atom]!;
  }

  /** The number a run of `n` index symbols spells; missing symbols (the string ended) read as 0. */
  private index(n: number): number {
    let q = 0;
    for (let k = 0; k < n; k++) q = q * 16 + (INDEX_OF.get(this.symbols[this.next++] ?? '') ?? 0);
    return q;
  }

  /**
   * Derives symbols from `root` (null: the first atom) with `state` bonds left to give, until the state
   * is spent, the string ends or `budget` symbols are read; returns how many were read.
   */
  private derive(state: number | null, root: number, budget: number): number {
    let read = 0;
    let prev = root;
    while ((state === null || state > 0) && read < budget && this.next < this.symbols.length) {
      const symbol = this.symbols[this.next++]!;
      read++;
      if (symbol === '[nop]') continue;
      const control = BRANCH_OR_RING.exec(symbol);
      if (control) {
        const order = ORDER_OF[control[1]!]!;
        const n = Number(control[3]);
        if (control[2] === 'Branch') {
          // A branch needs a bond for itself and one left for the chain that follows it.
          if (prev < 0 || state === null || state <= 1) continue;
          const given = Math.min(state - 1, order);
          const length = this.index(n) + 1;
          read += n + this.derive(given, prev, length);
          state -= given;
        } else {
          if (prev < 0 || state === null) continue;
          const back = this.index(n) + 1;
          read += n;
          const kept = Math.min(order, state);
          this.rings.push([Math.max(0, prev - back), prev, kept]);
          this.used[prev]! += kept;
          state -= kept;
        }
        continue;
      }
      const atomMatch = ATOM_SYMBOL.exec(symbol);
      if (!atomMatch) throw new InvalidArgumentError('selfies', `"${symbol}" is not a SELFIES symbol`);
      const atom: Atom = {
        element: atomMatch[2]!,
        charge: atomMatch[4] ? Number(atomMatch[4]) : 0,
        hydrogens: atomMatch[3] === undefined ? null : Number(atomMatch[3]),
      };
      const capacity = capacityOf(atom, 'selfies');
      const order = state === null ? 0 : Math.min(ORDER_OF[atomMatch[1]!]!, state, capacity);
      // An atom with no bond to give cannot join the chain: skipped, so the molecule stays one piece.
      if (state !== null && order === 0) continue;
      const index = this.atoms.push(atom) - 1;
      this.capacity.push(capacity);
      this.used.push(order);
      if (order > 0) {
        this.bonds.set(`${prev},${index}`, order);
        this.used[prev]! += order;
      }
      state = capacity - order;
      prev = index;
    }
    return read;
  }
}

function atomSmiles(atom: Atom): string {
  if (atom.hydrogens === null && atom.charge === 0 && ORGANIC.has(atom.element)) return atom.element;
  const h = atom.hydrogens ? `H${atom.hydrogens === 1 ? '' : atom.hydrogens}` : '';
  const charge = atom.charge
    ? `${atom.charge > 0 ? '+' : '-'}${Math.abs(atom.charge) === 1 ? '' : Math.abs(atom.charge)}`
    : '';
  return `[${atom.element}${h}${charge}]`;
}

/** SMILES of a derived graph: depth first from atom 0, ring closures for the bonds the walk meets twice. */
function writeSmiles(d: Derivation): string {
  const n = d.atoms.length;
  if (!n) return '';
  const neighbours: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [key, order] of d.bonds) {
    const [i, j] = key.split(',').map(Number) as [number, number];
    neighbours[i]!.push([j, order]);
    neighbours[j]!.push([i, order]);
  }
  for (const list of neighbours) list.sort((a, b) => a[0] - b[0]);
  // First walk: the visiting order, tree children, and ring bonds (opened at the earlier-visited atom).
  const rank = new Array<number>(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  const opens: [number, number][][] = Array.from({ length: n }, () => []);
  const closes: number[][] = Array.from({ length: n }, () => []);
  let visited = 0;
  const walk = (u: number, parent: number): void => {
    rank[u] = visited++;
    for (const [v, order] of neighbours[u]!) {
      if (v === parent) continue;
      if (rank[v] === -1) {
        children[u]!.push(v);
        walk(v, u);
      } else if (rank[v]! < rank[u]!) {
        opens[v]!.push([u, order]);
        closes[u]!.push(v);
      }
    }
  };
  walk(0, -1);
  const digits = new Map<string, number>();
  const free: boolean[] = [];
  const label = (d_: number) => (d_ < 10 ? String(d_) : `%${d_}`);
  const orderOf = (i: number, j: number) => d.bonds.get(i < j ? `${i},${j}` : `${j},${i}`)!;
  let out = '';
  const write = (u: number): void => {
    out += atomSmiles(d.atoms[u]!);
    for (const v of closes[u]!) {
      const digit = digits.get(`${v},${u}`)!;
      out += label(digit);
      free[digit] = true;
    }
    for (const [v, order] of opens[u]!) {
      let digit = 1;
      while (free[digit] === false) digit++;
      free[digit] = false;
      digits.set(`${u},${v}`, digit);
      out += BOND_PREFIX[order] + label(digit);
    }
    const kids = children[u]!;
    kids.forEach((v, k) => {
      const bond = BOND_PREFIX[orderOf(u, v)]!;
      if (k < kids.length - 1) {
        out += `(${bond}`;
        write(v);
        out += ')';
      } else {
        out += bond;
        write(v);
      }
    });
  };
  write(0);
  return out;
}

/**
 * The SMILES of a SELFIES string. Every string of known symbols decodes to a molecule RDKit sanitises
 * (the empty string to the empty SMILES); throws `INVALID_ARGUMENT` on an unknown symbol or an element
 * with no known valence.
 *
 * @example
 * ```ts
 * decodeSelfies('[C][=C][C][=C][C][=C][Ring1][=Branch1]'); // 'C1=CC=CC=C1'
 * decodeSelfies('[F][F][F]'); // 'FF': fluorine has no bond left for the third
 * ```
 */
export function decodeSelfies(selfies: string): string {
  const derivation = new Derivation(selfiesSymbols(selfies));
  derivation.run();
  return writeSmiles(derivation);
}
