import { describe, expect, it } from 'vitest';
import { SmilesVocabulary, smilesTokens } from './smiles-vocabulary.js';

describe('SMILES tokens', () => {
  it('keeps bracket atoms, Cl, Br and two-digit ring closures whole', () => {
    expect(smilesTokens('Clc1cc[nH]c1Br')).toEqual(['Cl', 'c', '1', 'c', 'c', '[nH]', 'c', '1', 'Br']);
    expect(smilesTokens('C[C@@H](N)C(=O)[O-]')).toEqual([
      'C',
      '[C@@H]',
      '(',
      'N',
      ')',
      'C',
      '(',
      '=',
      'O',
      ')',
      '[O-]',
    ]);
    expect(smilesTokens('C%12CC%12.[Na+]')).toEqual(['C', '%12', 'C', 'C', '%12', '.', '[Na+]']);
    // Cl is chlorine only where a C is followed by l; "CC" stays two carbons.
    expect(smilesTokens('CCl')).toEqual(['C', 'Cl']);
  });

  it('joins back to the SMILES it split, for every token kind', () => {
    for (const s of ['CC(=O)Oc1ccccc1C(=O)O', 'F/C=C/F', 'C1=CC=CC=C1', 'N#C[Se]C#N', 'O=S(=O)([O-])O.[K+]'])
      expect(smilesTokens(s)!.join('')).toBe(s);
  });

  it('cannot split an unclosed bracket', () => {
    expect(smilesTokens('C[nH')).toBeNull();
  });
});

describe('a SMILES vocabulary', () => {
  const vocab = SmilesVocabulary.build(['CCO', 'c1ccccc1O', 'CCCl']);

  it('starts with the special tokens, then the tokens by falling frequency', () => {
    expect(vocab.tokens.slice(0, 3)).toEqual(['<pad>', '<bos>', '<eos>']);
    expect(vocab.tokens[3]).toBe('c'); // 6 times, before C (4) and the rest
    expect(vocab.tokens[4]).toBe('C');
  });

  it('encodes between <bos> and <eos> and decodes back', () => {
    const ids = vocab.encode('CCO')!;
    expect([...ids]).toEqual([
      1,
      vocab.tokens.indexOf('C'),
      vocab.tokens.indexOf('C'),
      vocab.tokens.indexOf('O'),
      2,
    ]);
    expect(vocab.decode(ids)).toBe('CCO');
    expect(vocab.decode([1, ...ids.subarray(1, 3), 2, 5, 5])).toBe('CC'); // stops at <eos>
  });

  it('refuses a SMILES with a token it lacks', () => {
    expect(vocab.encode('CCBr')).toBeNull();
  });

  it('is rebuilt with the same ids from its token list, and refuses a malformed one', () => {
    const again = SmilesVocabulary.fromTokens(vocab.tokens);
    expect([...again.encode('c1ccccc1O')!]).toEqual([...vocab.encode('c1ccccc1O')!]);
    expect(() => SmilesVocabulary.fromTokens(['C', '<bos>', '<eos>'])).toThrow(
      /starts with <pad>, <bos>, <eos>/,
    );
    expect(() => SmilesVocabulary.fromTokens(['<pad>', '<bos>', '<eos>', 'C', 'C'])).toThrow(/twice/);
  });
});
