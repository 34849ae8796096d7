// SELFIES encoding: a molecule's canonical kekulé SMILES written in SELFIES symbols (the chain, the ring
// bonds at the atom that closes them, branches with their lengths), checked by decoding it back. The
// generator's training strings are made here, and its samples read by selfies-decode.ts.
import { InvalidArgumentError, shuffled } from '@strata/core';
import type { RDKit } from '../rdkit/rdkit.js';
import { BOND_PREFIX, capacityOf, INDEX_SYMBOLS, ORDER_OF, ORGANIC, type Atom } from './selfies-alphabet.js';
import { decodeSelfies } from './selfies-decode.js';

/** One atom of a parsed kekulé SMILES, with the bond that joins it to its parent and the ring bonds it closes. */
interface ParsedAtom extends Atom {
  /** The bond order to the atom it follows (0 for the first). */
  readonly bondIn: number;
  readonly children: number[];
  /** Ring bonds this atom closes: the atom they open at and their order. */
  readonly closes: [number, number][];
}

const SMILES_TOKEN = /\[[^\]]*\]|Br|Cl|%\d\d|[BCNOPSFI]|[-=#()]|\d|./gy;
const BRACKET = /^\[([A-Z][a-z]?)(?:H(\d?))?(?:([+-])(\d?))?\]$/;

function parseKekuleSmiles(smiles: string): ParsedAtom[] {
  const atoms: ParsedAtom[] = [];
  const stack: number[] = [];
  const open = new Map<string, [number, number]>();
  let prev = -1;
  let bond = 0;
  const unsupported = (what: string) =>
    new InvalidArgumentError(
      'smiles',
      `SELFIES encoding takes a kekulé SMILES of one molecule without stereochemistry; "${what}" is not one`,
    );
  SMILES_TOKEN.lastIndex = 0;
  for (let m = SMILES_TOKEN.exec(smiles); m; m = SMILES_TOKEN.exec(smiles)) {
    const t = m[0];
    if (t === '(') stack.push(prev);
    else if (t === ')') prev = stack.pop() ?? prev;
    else if (t === '-' || t === '=' || t === '#') bond = ORDER_OF[t === '-' ? '' : t]!;
    else if (/^(\d|%\d\d)$/.test(t)) {
      const opened = open.get(t);
      if (opened) {
        atoms[prev]!.closes.push([opened[0], bond || opened[1] || 1]);
        open.delete(t);
      } else open.set(t, [prev, bond]);
      bond = 0;
    } else {
      let atom: Atom;
      if (ORGANIC.has(t)) atom = { element: t, charge: 0, hydrogens: null };
      else {
        const b = BRACKET.exec(t);
        if (!b) throw unsupported(t);
        const h = b[2] === undefined ? 0 : b[2] === '' ? 1 : Number(b[2]);
        const charge = b[3] ? (b[3] === '+' ? 1 : -1) * (b[4] ? Number(b[4]) : 1) : 0;
        atom = { element: b[1]!, charge, hydrogens: h };
      }
      capacityOf(atom, 'smiles');
      const index = atoms.push({ ...atom, bondIn: prev < 0 ? 0 : bond || 1, children: [], closes: [] }) - 1;
      if (prev >= 0) atoms[prev]!.children.push(index);
      prev = index;
      bond = 0;
    }
  }
  if (open.size) throw unsupported(smiles);
  return atoms;
}

/** The symbols that spell `q` in `n` index digits. */
function indexSymbols(q: number): string[] {
  const n = q < 16 ? 1 : q < 256 ? 2 : 3;
  if (q >= 4096)
    throw new InvalidArgumentError('smiles', 'a branch or ring too long for SELFIES (4,096 symbols)');
  const out: string[] = [];
  for (let k = n - 1; k >= 0; k--) out.push(INDEX_SYMBOLS[Math.floor(q / 16 ** k) % 16]!);
  return out;
}

function atomSymbol(atom: Atom, bondIn: number): string {
  // A bracket atom has the hydrogens it shows; an uncharged organic-subset one says `H0` so that it does
  // not decode as an atom with implicit hydrogens.
  const bare = atom.hydrogens === 0 && (atom.charge !== 0 || !ORGANIC.has(atom.element));
  const h = atom.hydrogens === null || bare ? '' : `H${atom.hydrogens}`;
  const charge = atom.charge ? `${atom.charge > 0 ? '+' : ''}${atom.charge}` : '';
  return `[${BOND_PREFIX[bondIn]}${atom.element}${h}${charge}]`;
}

/**
 * The same molecule in the order of a random depth-first walk (a random first atom, neighbours in random
 * order): what RDKit's `doRandom` does to a SMILES. In an undirected walk every bond that does not lead to
 * a new atom leads back to an ancestor, so it closes a ring at the later atom, as SMILES writes it.
 */
function randomOrder(atoms: readonly ParsedAtom[], random: () => number): ParsedAtom[] {
  const bonds: [number, number][][] = atoms.map(() => []);
  const join = (u: number, v: number, order: number) => {
    bonds[u]!.push([v, order]);
    bonds[v]!.push([u, order]);
  };
  atoms.forEach((atom, u) => {
    for (const v of atom.children) join(u, v, atoms[v]!.bondIn);
    for (const [v, order] of atom.closes) join(u, v, order);
  });
  const at = new Int32Array(atoms.length).fill(-1);
  const out: ParsedAtom[] = [];
  const walk = (u: number, parent: number, bondIn: number): void => {
    const here = out.push({ ...atoms[u]!, bondIn, children: [], closes: [] }) - 1;
    at[u] = here;
    for (const [v, order] of shuffled(bonds[u]!, random)) {
      if (v === parent) continue;
      if (at[v]! < 0) {
        out[here]!.children.push(out.length);
        walk(v, u, order);
      } else if (at[v]! < here) out[here]!.closes.push([at[v]!, order]);
    }
  };
  walk(Math.floor(random() * atoms.length), -1, 0);
  return out;
}

/** The SELFIES symbols of the chain from `u`: the atom, the rings it closes, its branches, the rest of the chain. */
function chainSymbols(atoms: readonly ParsedAtom[], u: number): string[] {
  const out: string[] = [];
  for (let at: number | undefined = u; at !== undefined;) {
    const atom: ParsedAtom = atoms[at]!;
    out.push(atomSymbol(atom, atom.bondIn));
    for (const [from, order] of atom.closes) {
      const q = indexSymbols(at - from - 1);
      out.push(`[${BOND_PREFIX[order]}Ring${q.length}]`, ...q);
    }
    const kids = atom.children;
    for (const v of kids.slice(0, -1)) {
      const body = chainSymbols(atoms, v);
      const q = indexSymbols(body.length - 1);
      out.push(`[${BOND_PREFIX[atoms[v]!.bondIn]}Branch${q.length}]`, ...q, ...body);
    }
    at = kids.at(-1);
  }
  return out;
}

/** Options of {@link encodeSelfies}. */
export interface SelfiesEncodeOptions {
  /**
   * Writes the atoms in the order of a random walk drawn from this source of uniform numbers in [0, 1)
   * (e.g. core's `mulberry32(seed)`) instead of RDKit's canonical order: the randomised form that augments a
   * language model's training data, one molecule spelled many ways (Arús-Pous et al. 2019, on SMILES).
   */
  readonly random?: () => number;
}

/**
 * The SELFIES of a molecule: RDKit's canonical kekulé SMILES (stereochemistry dropped) written in SELFIES
 * symbols, checked by decoding it back to the same molecule. Throws `INVALID_ARGUMENT` for a SMILES
 * RDKit cannot read, several fragments, an element or valence SELFIES cannot carry.
 *
 * @example
 * ```ts
 * encodeSelfies(rdkit, 'c1ccccc1O'); // '[O][C][=C][C][=C][C][=C][Ring1][=Branch1]'
 * encodeSelfies(rdkit, 'c1ccccc1O', { random: mulberry32(1) }); // the same molecule from another atom
 * ```
 */
export function encodeSelfies(rdkit: RDKit, smiles: string, options: SelfiesEncodeOptions = {}): string {
  const read = (s: string, kekule: boolean) =>
    rdkit.withMol(s, (mol) => mol.get_smiles(JSON.stringify({ doKekule: kekule, doIsomericSmiles: false })));
  const kekule = read(smiles, true);
  if (kekule === null) throw new InvalidArgumentError('smiles', `RDKit cannot read "${smiles}"`);
  if (kekule.includes('.')) throw new InvalidArgumentError('smiles', `"${smiles}" is more than one molecule`);
  const parsed = parseKekuleSmiles(kekule);
  const atoms = options.random && parsed.length ? randomOrder(parsed, options.random) : parsed;
  const selfies = atoms.length ? chainSymbols(atoms, 0).join('') : '';
  const back = decodeSelfies(selfies);
  if (read(back, false) !== read(kekule, false))
    throw new InvalidArgumentError('smiles', `"${smiles}" has a valence SELFIES cannot carry`);
  return selfies;
}
