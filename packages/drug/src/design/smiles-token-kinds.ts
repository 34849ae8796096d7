// The SMILES tokens as the grammar (SmilesGrammar) reads them: atoms with the valence RDKit allows them,
// bonds with their order, branches, ring closures.
import { SPECIAL_TOKENS } from './smiles-vocabulary.js';

/**
 * Largest valence RDKit allows a neutral atom of the organic elements, by atomic number (0 for the noble
 * gases; phosphorus 5, as in drug-like molecules, where RDKit reads some heptavalent ones); other elements
 * (metals, metalloids) bond as SMILES writes them, unchecked.
 */
const MAX_VALENCE: Readonly<Record<number, number>> = {
  ...{ 1: 1, 2: 0, 5: 3, 6: 4, 7: 3, 8: 2, 9: 1, 10: 0, 14: 4, 15: 5, 16: 6, 17: 1, 18: 0 },
  ...{ 34: 6, 35: 1, 36: 0, 53: 5, 54: 0 },
};
/** The elements whose charged atoms take the valence of their isoelectronic neighbour, as RDKit has it. */
const ORGANIC_ELEMENTS = new Set([5, 6, 7, 8, 9, 14, 15, 16, 17, 34, 35, 53]);
const ELEMENTS =
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe'.split(
    ' ',
  );
/** An aromatic atom has at most three neighbours (two in its ring, one fused or substituent). */
export const AROMATIC_NEIGHBOURS = 3;

/** What a token is to the grammar. */
export type TokenKind =
  | {
      readonly kind: 'atom';
      readonly symbol: string;
      readonly aromatic: boolean;
      /** Bond orders it may take (valence left after its explicit hydrogens; Infinity: unknown element). */
      readonly valence: number;
      readonly charge: number;
      /** A bracket atom with hydrogens written ([nH]). */
      readonly hydrogens: number;
    }
  | { readonly kind: 'bond'; readonly order: number }
  | { readonly kind: 'open' | 'close' | 'dot' | 'end' | 'none' }
  | { readonly kind: 'ring'; readonly label: string };

/** The valence of an atom of element `symbol` with `charge`: RDKit's rule, that of the isoelectronic element. */
function valenceOf(symbol: string, charge: number): number {
  const z = ELEMENTS.indexOf(symbol[0]!.toUpperCase() + symbol.slice(1)) + 1;
  if (!ORGANIC_ELEMENTS.has(z)) return Infinity;
  return MAX_VALENCE[z - charge] ?? Infinity;
}

const BRACKET = /^\[(\d*)([A-Z][a-z]?|[a-z][a-z]?|\*)(@*)(?:H(\d?))?([+-]\d*|\++|-+)?(?::\d+)?\]$/;
const ORGANIC = /^(Cl|Br|[BCNOPSFI]|[bcnops])$/;

/** What `token` is to the grammar (`eos`: it is the end token). */
export function classify(token: string, eos: boolean): TokenKind {
  if (eos) return { kind: 'end' };
  if ((SPECIAL_TOKENS as readonly string[]).includes(token)) return { kind: 'none' };
  const bond = { '-': 1, '=': 2, '#': 3, $: 4, ':': 1, '/': 1, '\\': 1 }[token];
  if (bond) return { kind: 'bond', order: bond };
  if (token === '(') return { kind: 'open' };
  if (token === ')') return { kind: 'close' };
  if (token === '.') return { kind: 'dot' };
  if (/^(\d|%\d\d)$/.test(token)) return { kind: 'ring', label: token };
  if (ORGANIC.test(token)) {
    const aromatic = token === token.toLowerCase();
    return { kind: 'atom', symbol: token, aromatic, valence: valenceOf(token, 0), charge: 0, hydrogens: 0 };
  }
  const m = BRACKET.exec(token);
  if (!m || m[2] === '*') return { kind: 'none' };
  const sign = m[5] ?? '';
  const charge = sign === '' ? 0 : /\d/.test(sign) ? Number(sign) : (sign[0] === '+' ? 1 : -1) * sign.length;
  const hydrogens = m[4] === undefined ? 0 : m[4] === '' ? 1 : Number(m[4]);
  const symbol = m[2]!;
  return {
    kind: 'atom',
    symbol,
    aromatic: symbol === symbol.toLowerCase(),
    valence: valenceOf(symbol, charge) - hydrogens,
    charge,
    hydrogens,
  };
}
