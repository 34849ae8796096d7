// The SELFIES alphabet (Krenn et al. 2020, "Self-referencing embedded strings"; SELFIES 2): atoms `[=C]`,
// `[NH1+1]`; `[Branch1]`..`[#Branch3]` and `[Ring1]`..`[#Ring3]` followed by 1-3 index symbols that say how
// long the branch is or how far back the ring bond goes; and the valence each atom may carry. Shared by
// the decoder (selfies-decode.ts) and the encoder (selfies-encode.ts).
import { InvalidArgumentError } from '@strata/core';

/** The symbols read as the hexadecimal digits of a branch length or ring distance, 0 to 15; any other is 0. */
export const INDEX_SYMBOLS = [
  '[C]',
  '[Ring1]',
  '[Ring2]',
  '[Branch1]',
  '[=Branch1]',
  '[#Branch1]',
  '[Branch2]',
  '[=Branch2]',
  '[#Branch2]',
  '[O]',
  '[N]',
  '[=N]',
  '[=C]',
  '[#C]',
  '[S]',
  '[P]',
] as const;
export const INDEX_OF = new Map<string, number>(INDEX_SYMBOLS.map((s, i) => [s, i]));

/**
 * The most bonds (counting a double as two) an atom may carry, by element and charge, within RDKit's
 * allowed valences: what the decoder caps bonds at, so that whatever it derives sanitises. A charged
 * atom takes its isoelectronic neighbour's valence (N+ as C, O- as F), as RDKit reads it.
 */
const CAPACITY: Readonly<Record<string, number>> = {
  H: 1,
  B: 3,
  'B-1': 4,
  C: 4,
  'C+1': 3,
  'C-1': 3,
  N: 3,
  'N+1': 4,
  'N-1': 2,
  O: 2,
  'O+1': 3,
  'O-1': 1,
  F: 1,
  Si: 4,
  P: 5,
  'P+1': 4,
  'P-1': 2,
  S: 6,
  'S+1': 3,
  'S-1': 1,
  Cl: 1,
  Se: 6,
  'Se+1': 3,
  Br: 1,
  I: 1,
};
/** Elements SMILES writes without brackets when they carry no charge and their implicit hydrogens. */
export const ORGANIC = new Set(['B', 'C', 'N', 'O', 'P', 'S', 'F', 'Cl', 'Br', 'I']);

/** One atom: its element, charge, and hydrogen count when written (null: implicit, as SMILES's organic subset). */
export interface Atom {
  readonly element: string;
  readonly charge: number;
  readonly hydrogens: number | null;
}

export const ATOM_SYMBOL = /^\[([=#]?)([A-Z][a-z]?)(?:H(\d))?([+-]\d)?\]$/;
export const BRANCH_OR_RING = /^\[([=#]?)(Branch|Ring)([123])\]$/;
const SYMBOL = /\[[^[\]]*\]/gy;

/** The symbols of a SELFIES string; throws `INVALID_ARGUMENT` on anything outside `[...]` symbols. */
export function selfiesSymbols(selfies: string): string[] {
  const out: string[] = [];
  SYMBOL.lastIndex = 0;
  while (SYMBOL.lastIndex < selfies.length) {
    const at = SYMBOL.lastIndex;
    const m = SYMBOL.exec(selfies);
    if (!m) throw new InvalidArgumentError('selfies', `not a SELFIES symbol at character ${at + 1}`);
    out.push(m[0]);
  }
  return out;
}

/** The bonds an atom may carry; `INVALID_ARGUMENT` on `field` for an element and charge with no known valence. */
export function capacityOf(atom: Atom, field: 'selfies' | 'smiles'): number {
  const key = atom.charge ? `${atom.element}${atom.charge > 0 ? '+' : ''}${atom.charge}` : atom.element;
  const cap = CAPACITY[key];
  if (cap === undefined) throw new InvalidArgumentError(field, `SELFIES knows no valence for ${key}`);
  return Math.max(0, cap - (atom.hydrogens ?? 0));
}

export const ORDER_OF: Readonly<Record<string, number>> = { '': 1, '=': 2, '#': 3 };
export const BOND_PREFIX = ['', '', '=', '#'] as const;
