import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import { SmilesGrammar } from './smiles-grammar.js';
import { smilesTokens } from './smiles-vocabulary.js';

const rdkit = await RDKit.load();

/** The grammar over a vocabulary, and a walk of a SMILES through it: the first token it refuses, or null. */
function grammarOf(vocabulary: readonly string[]) {
  const tokens = ['<pad>', '<bos>', '<eos>', ...vocabulary];
  const grammar = new SmilesGrammar(tokens, 2);
  const allowed = new Uint8Array(tokens.length);
  const allowedAfter = (prefix: readonly string[]) => {
    let state = grammar.start();
    for (const t of prefix) state = grammar.next(state, tokens.indexOf(t));
    allowed.fill(0);
    grammar.allow(state, allowed);
    return new Set(tokens.filter((_, id) => allowed[id]));
  };
  /** Where `smiles` is first refused: its prefix up to and with the refused token (`<eos>` last), or null. */
  const refusal = (smiles: string): string | null => {
    const seq = [...smilesTokens(smiles)!, '<eos>'];
    let state = grammar.start();
    for (let k = 0; k < seq.length; k++) {
      allowed.fill(0);
      grammar.allow(state, allowed);
      const id = tokens.indexOf(seq[k]!);
      if (!allowed[id]) return seq.slice(0, k + 1).join('');
      state = grammar.next(state, id);
    }
    return null;
  };
  return { allowedAfter, refusal };
}

const organic = [
  'C',
  'c',
  'N',
  'n',
  'O',
  'o',
  'S',
  's',
  'F',
  'Cl',
  'Br',
  'I',
  'P',
  'B',
  '[nH]',
  '[N+]',
  '[O-]',
  '[n+]',
];
const syntax = ['(', ')', '=', '#', '-', '1', '2', '3'];

describe('the SMILES grammar', () => {
  it('allows every token of every SMILES RDKit writes for the NCI set, the end included', () => {
    const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').filter(Boolean);
    // Known difference: dative bonds (`->`, one NCI ferrocene), which SmilesVocabulary splits into `-` and
    // `>`, are outside the grammar (a generator's corpus of parents has none).
    const canonical = lines
      .map((l) => rdkit.withMol(l.split('\t')[0]!, (m) => m.get_smiles()))
      .filter((s): s is string => s !== null && !/->|<-/.test(s));
    expect(canonical.length).toBeGreaterThan(4900);
    const vocabulary = new Set(canonical.flatMap((s) => smilesTokens(s)!));
    const { refusal } = grammarOf([...vocabulary]);
    const refused = canonical.map((s) => [s, refusal(s)]).filter(([, r]) => r !== null);
    expect(refused).toEqual([]);
  });

  it('refuses the end while a ring or a branch is open or a bond waits for its atom', () => {
    const { allowedAfter } = grammarOf([...organic, ...syntax]);
    expect(allowedAfter(['C', '1', 'C', 'C']).has('<eos>')).toBe(false);
    expect(allowedAfter(['C', '(', 'C']).has('<eos>')).toBe(false);
    expect(allowedAfter(['C', '=']).has('<eos>')).toBe(false);
    expect(allowedAfter(['C', '1', 'C', 'C', '1']).has('<eos>')).toBe(true);
    // Nothing closes a branch never opened, nor opens a ring or branch before the first atom.
    expect(allowedAfter(['C', 'C']).has(')')).toBe(false);
    expect([...allowedAfter([])].filter((t) => /[()=1]/.test(t))).toEqual([]);
  });

  it('refuses bonds past an atom’s valence, by element and charge', () => {
    const { allowedAfter, refusal } = grammarOf([...organic, ...syntax]);
    // A carbon with four bonds takes no fifth; an oxygen with a double bond no more.
    expect(refusal('CC(C)(C)(C)C')).toBe('CC(C)(C)(C)C');
    expect(refusal('CC(C)(C)(C)(C)')).toBe('CC(C)(C)(C)(');
    expect(allowedAfter(['C', '=', 'O']).has('C')).toBe(false);
    expect(allowedAfter(['C', '#']).has('O')).toBe(false);
    // A cationic nitrogen takes four bonds, an oxide one; a fluorine ends its chain.
    expect(refusal('C[N+](C)(C)C')).toBeNull();
    expect(refusal('C[N+](C)(C)(C)C')).toBe('C[N+](C)(C)(C)C');
    expect(allowedAfter(['C', '[O-]']).has('C')).toBe(false);
    expect(allowedAfter(['C', 'F']).has('C')).toBe(false);
  });

  it('refuses ring closures onto the same atom or a neighbour', () => {
    const { refusal } = grammarOf([...organic, ...syntax]);
    expect(refusal('C11')).toBe('C11');
    expect(refusal('C1C1')).toBe('C1C1');
    expect(refusal('C1CC1')).toBeNull();
  });

  it('refuses aromatic systems RDKit cannot kekulise, as soon as they are certain', () => {
    const { allowedAfter, refusal } = grammarOf([...organic, ...syntax]);
    // Benzene, pyridine, pyrrole, furan, pyridone, indole are fine.
    for (const s of [
      'c1ccccc1',
      'c1ccncc1',
      'c1cc[nH]c1',
      'c1ccoc1',
      'O=c1cccc[nH]1',
      'c1ccc2[nH]ccc2c1',
      'Cn1cccc1',
    ])
      expect(refusal(s)).toBeNull();
    // Five carbons need five double-bond partners: the ring may close, but nothing may end it there.
    expect(allowedAfter(['c', '1', 'c', 'c', 'c', 'c', '1']).has('<eos>')).toBe(false);
    // An aromatic atom outside a ring: refused once nothing more can join it.
    expect(refusal('Cc')).toBe('Cc<eos>');
    expect(refusal('cC')).toBe('cC');
    // RDKit makes an aromatic bond between two rings single: it pairs no atoms (biphenyl's bond), so the
    // ring whose sixth carbon took a double bond out of it has five carbons to pair.
    expect(refusal('c1ccc(cc1)c1ccccc1=O')).toBe('c1ccc(cc1)c1ccccc1=');
    expect(refusal('c1ccc(cc1)c1ccccc1')).toBeNull();
    // A neutral aromatic sulfur takes a third neighbour only by a double bond.
    expect(refusal('c1ccs(C)c1')).toBe('c1ccs(C)c');
    expect(refusal('O=s1cccc1')).toBeNull();
    // A pyridine-like nitrogen with a third bond: no longer needs one, and its ring of carbons cannot pair.
    expect(refusal('Cn1ccccc1')).toBe('Cn1ccccc1<eos>');
  });

  it('never leaves a bond with nothing to follow', () => {
    const { allowedAfter } = grammarOf([...organic, ...syntax]);
    // An aromatic [nH] bonded once has one bond left, and it must be aromatic (its ring is not closed):
    // after a single bond no atom and no ring closure could follow.
    const after = allowedAfter(['c', '1', 'c', 'c', '[nH]']);
    expect(after.has('c')).toBe(true);
    expect(after.has('(')).toBe(true);
    expect(after.has('-')).toBe(false);
    expect(after.has('=')).toBe(false);
  });
});
