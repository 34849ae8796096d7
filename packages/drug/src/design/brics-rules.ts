// BRICS (Degen et al., ChemMedChem 2008): the chemical environments a retrosynthetically cleavable bond
// joins, and which pairs of them are cut. These are RDKit's documented definitions (rdkit.Chem.BRICS and
// the fragmenter it calls, BSD licence), which differ from the paper's: environment 2 was folded into
// 5, environment 7's two halves are one, and a few pairs were added (9-13, 9-14, 14-14, 16-16).

/**
 * The BRICS environments by label: SMARTS rooted at the atom that lies on the cut bond. A dummy atom that
 * replaces a cut bond is labelled (as its isotope) with the environment of the atom it is attached to.
 */
export const BRICS_ENVIRONMENTS: Readonly<Record<number, string>> = {
  1: '[C;D3]([#0,#6,#7,#8])(=O)',
  3: '[O;D2]-;!@[#0,#6,#1]',
  4: '[C;!D1;!$(C=*)]-;!@[#6]',
  5: '[N;!D1;!$(N=*);!$(N-[!#6;!#16;!#0;!#1]);!$([N;R]@[C;R]=O)]',
  6: '[C;D3;!R](=O)-;!@[#0,#6,#7,#8]',
  7: '[C;D2,D3]-[#6]',
  8: '[C;!R;!D1;!$(C!-*)]',
  9: '[n;+0;$(n(:[c,n,o,s]):[c,n,o,s])]',
  10: '[N;R;$(N(@C(=O))@[C,N,O,S])]',
  11: '[S;D2](-;!@[#0,#6])',
  12: '[S;D4]([#6,#0])(=O)(=O)',
  13: '[C;$(C(-;@[C,N,O,S])-;@[N,O,S])]',
  14: '[c;$(c(:[c,n,o,s]):[n,o,s])]',
  15: '[C;$(C(-;@C)-;@C)]',
  16: '[c;$(c(:c):c)]',
};

/** A cleavable bond: the environments of its two atoms and its order ('-' single, '=' double), never in a ring. */
export type BricsBondRule = readonly [label1: number, label2: number, order: '-' | '='];

/**
 * The cleavable bonds, in RDKit's order. It runs from general to specific, so a bond that several rules
 * match is cut (and labelled) by the last of them.
 */
export const BRICS_BONDS: readonly BricsBondRule[] = [
  [1, 3, '-'],
  [1, 5, '-'],
  [1, 10, '-'],
  [3, 4, '-'],
  [3, 13, '-'],
  [3, 14, '-'],
  [3, 15, '-'],
  [3, 16, '-'],
  [4, 5, '-'],
  [4, 11, '-'],
  [5, 12, '-'],
  [5, 14, '-'],
  [5, 16, '-'],
  [5, 13, '-'],
  [5, 15, '-'],
  [6, 13, '-'],
  [6, 14, '-'],
  [6, 15, '-'],
  [6, 16, '-'],
  [7, 7, '='],
  [8, 9, '-'],
  [8, 10, '-'],
  [8, 13, '-'],
  [8, 14, '-'],
  [8, 15, '-'],
  [8, 16, '-'],
  [9, 13, '-'],
  [9, 14, '-'],
  [9, 15, '-'],
  [9, 16, '-'],
  [10, 13, '-'],
  [10, 14, '-'],
  [10, 15, '-'],
  [10, 16, '-'],
  [11, 13, '-'],
  [11, 14, '-'],
  [11, 15, '-'],
  [11, 16, '-'],
  [13, 14, '-'],
  [13, 15, '-'],
  [13, 16, '-'],
  [14, 14, '-'],
  [14, 15, '-'],
  [14, 16, '-'],
  [15, 16, '-'],
  [16, 16, '-'],
];
