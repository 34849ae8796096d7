import { rdkitExtras, type MolGraph } from '../rdkit/mol-graph.js';
import { tokenize } from './merge-query-hs.js';

/**
 * Atom counts a SMARTS pattern needs in a molecule to match: an atom of the pattern whose query is
 * one element (`c`, `N`, `[#16;X2]`, `[nH0;...]`) needs an atom of its own in the molecule, so a
 * molecule with fewer such atoms cannot match, and the costly match is skipped. Keys are `z` (any),
 * `z:a` (aromatic) and `z:A` (aliphatic). Only what the query certainly requires counts: atoms inside
 * recursive SMARTS, disjunctions, negations and unusual symbols require nothing.
 */
export type AtomCounts = Map<string, number>;

const ORGANIC: Readonly<Record<string, string>> = {
  C: '6:A',
  c: '6:a',
  N: '7:A',
  n: '7:a',
  O: '8:A',
  o: '8:a',
  S: '16:A',
  s: '16:a',
  P: '15:A',
  p: '15:a',
  F: '9:A',
  Cl: '17:A',
  Br: '35:A',
  I: '53:A',
  B: '5:A',
};

/** Top-level parts of a bracket expression split at `sep`, outside `$( )`. */
function splitTop(expr: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

/** The atom class a bracket atom certainly is, or null. */
function bracketClass(text: string): string | null {
  for (const conjunct of splitTop(text.slice(1, -1), ';')) {
    if (splitTop(conjunct, ',').length > 1) continue;
    const first = conjunct.split('&')[0]!;
    const z = /^#(\d+)(?![0-9])/.exec(first);
    if (z) return z[1]!;
    const sym = /^(Cl|Br|[CNOSPFIB]|[cnosp])(?![a-z])/.exec(first);
    if (sym) return ORGANIC[sym[1]!]!;
  }
  return null;
}

/** What a SMARTS needs, by atom class. */
export function atomRequirements(smarts: string): AtomCounts {
  const need: AtomCounts = new Map();
  for (const t of tokenize(smarts)) {
    if (t.kind !== 'atom') continue;
    const cls = t.text.startsWith('[') ? bracketClass(t.text) : (ORGANIC[t.text] ?? null);
    if (cls) need.set(cls, (need.get(cls) ?? 0) + 1);
  }
  return need;
}

/** A molecule's atom counts by class (`z`, `z:a`, `z:A`), from its graph. */
export function atomCounts(graph: MolGraph): AtomCounts {
  const aromatic = new Set(rdkitExtras(graph)?.aromaticAtoms ?? []);
  const counts: AtomCounts = new Map();
  graph.molecules[0]!.atoms.forEach((a, i) => {
    const z = a.z ?? graph.defaults.atom.z;
    for (const key of [String(z), `${z}:${aromatic.has(i) ? 'a' : 'A'}`])
      counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return counts;
}

/** Whether `have` holds at least what `need` asks. */
export function satisfies(have: AtomCounts, need: AtomCounts): boolean {
  for (const [k, n] of need) if ((have.get(k) ?? 0) < n) return false;
  return true;
}

/** Element symbols in order of atomic number. */
const SYMBOLS =
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'.split(
    ' ',
  );
const ELEMENTS: Readonly<Record<string, number>> = Object.fromEntries(SYMBOLS.map((s, i) => [s, i + 1]));

/**
 * A molecule's atom counts by class from its SMILES (as RDKit writes it: aromatic atoms in lower
 * case), without asking RDKit: much cheaper than its JSON.
 */
export function smilesAtomCounts(smiles: string): AtomCounts {
  const counts: AtomCounts = new Map();
  const add = (z: number | string, aromatic: boolean) => {
    for (const key of [String(z), `${z}:${aromatic ? 'a' : 'A'}`])
      counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (let i = 0; i < smiles.length; i++) {
    const c = smiles[i]!;
    if (c === '[') {
      const end = smiles.indexOf(']', i);
      const m = /^\d*(se|as|te|si|[bcnops]|[A-Z][a-z]?|\*)/.exec(smiles.slice(i + 1, end));
      if (m && m[1] !== '*') {
        const sym = m[1]!;
        const aromatic = sym[0] === sym[0]!.toLowerCase();
        const z = ELEMENTS[aromatic ? sym[0]!.toUpperCase() + sym.slice(1) : sym];
        add(z ?? sym, aromatic);
      }
      i = end;
    } else if (c === 'C' && smiles[i + 1] === 'l') {
      add(17, false);
      i++;
    } else if (c === 'B' && smiles[i + 1] === 'r') {
      add(35, false);
      i++;
    } else if (/[BCNOPSFI]/.test(c)) add(ELEMENTS[c]!, false);
    else if (/[bcnops]/.test(c)) add(ELEMENTS[c.toUpperCase()]!, true);
  }
  return counts;
}
