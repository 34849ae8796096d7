import { readFileSync } from 'node:fs';
import { mulberry32 } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { sharedDrugFile } from '../testing/shared-data.js';
import { selfiesSymbols } from './selfies-alphabet.js';
import { decodeSelfies } from './selfies-decode.js';
import { encodeSelfies } from './selfies-encode.js';

let rdkit: RDKit;
beforeAll(async () => {
  rdkit = await RDKit.load();
});
/** RDKit's canonical SMILES without stereochemistry; null when RDKit cannot sanitise it. */
const canonical = (smiles: string) =>
  rdkit.withMol(smiles, (m) => m.get_smiles(JSON.stringify({ doIsomericSmiles: false })));

describe('decodeSelfies', () => {
  it('derives molecules by the SELFIES grammar', () => {
    expect(decodeSelfies('[C][=C][C][=C][C][=C][Ring1][=Branch1]')).toBe('C1=CC=CC=C1');
    expect(decodeSelfies('[C][Branch1][C][F][O]')).toBe('C(F)O');
    expect(decodeSelfies('[O][=C][=O]')).toBe('O=C=O');
    expect(decodeSelfies('[C][=NH0+1][Branch1][C][O-1][C]')).toBe('C=[N+]([O-])C');
    // Ring2 takes two index symbols: [C][Ring1] spells 0 * 16 + 1, one atom further back than adjacent.
    expect(canonical(decodeSelfies('[C][C][C][Ring2][C][Ring1]'))).toBe('C1CC1');
    expect(decodeSelfies('')).toBe('');
  });

  it('caps every bond at the valence its atoms have left', () => {
    // F has one bond: the second F takes it and the third has nothing to join.
    expect(decodeSelfies('[F][F][F]')).toBe('FF');
    // A triple bond to an atom with one bond left is single.
    expect(decodeSelfies('[C][#C][#C]')).toBe('C#CC');
    // A branch needs two bonds left (its own and the chain's): after [=C] the first C has two, so the
    // branch gets one; [O-1] has one bond, so nothing follows it.
    expect(decodeSelfies('[C][=C][Branch1][C][Cl][C]')).toBe('C=C(Cl)C');
    expect(decodeSelfies('[O-1][C]')).toBe('[O-]C');
    // A ring bond to an atom with no bond left is not made.
    expect(canonical(decodeSelfies('[F][C][C][Ring1][Ring1]'))).toBe('CCF');
    // Two ring bonds between the same pair (atoms 1 and 3: [Ring1] then index 1, twice) add up to a double bond.
    expect(canonical(decodeSelfies('[C][C][C][C][Ring1][Ring1][Ring1][Ring1]'))).toBe('CC1=CC1');
  });

  it('reads every string of known symbols as a molecule RDKit sanitises', () => {
    const alphabet = [
      '[C]',
      '[=C]',
      '[#C]',
      '[N]',
      '[=N]',
      '[#N]',
      '[O]',
      '[=O]',
      '[S]',
      '[=S]',
      '[P]',
      '[=P]',
      '[F]',
      '[Cl]',
      '[Br]',
      '[I]',
      '[B]',
      '[N+1]',
      '[=N+1]',
      '[O-1]',
      '[P+1]',
      '[NH1]',
      '[SH1]',
      '[C-1]',
      '[Branch1]',
      '[=Branch1]',
      '[#Branch1]',
      '[Branch2]',
      '[Ring1]',
      '[=Ring1]',
      '[#Ring1]',
      '[Ring2]',
      '[nop]',
    ];
    const random = mulberry32(19);
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(random() * 60);
      const selfies = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const smiles = decodeSelfies(selfies);
      // Only a string of control symbols alone (no atom) gives no molecule.
      if (smiles === '') expect(selfies).not.toMatch(/\[=?[A-Z][a-z]?(H\d)?([+-]\d)?\]/);
      else expect(canonical(smiles), `${selfies} -> ${smiles}`).not.toBeNull();
    }
  });

  it('refuses a symbol it does not know, naming it', () => {
    expect(() => decodeSelfies('[C][Xx]')).toThrow(/Xx/);
    expect(() => decodeSelfies('[C][Foo1]')).toThrow(/"\[Foo1\]" is not a SELFIES symbol/);
    expect(() => decodeSelfies('[C]C')).toThrow(/character 4/);
  });
});

describe('encodeSelfies', () => {
  it('writes a molecule that decodes back to itself', () => {
    expect(encodeSelfies(rdkit, 'c1ccccc1O')).toBe('[O][C][=C][C][=C][C][=C][Ring1][=Branch1]');
    expect(selfiesSymbols(encodeSelfies(rdkit, 'O=[N+]([O-])c1ccccc1'))).toContain('[=N+1]');
    // A bracketed organic atom keeps its hydrogen count (here none), so it does not decode with implicit ones.
    expect(encodeSelfies(rdkit, '[CH2]C')).toBe('[CH2][C]');
  });

  it('round-trips the NCI set: every molecule it encodes decodes to the same molecule', () => {
    const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').filter(Boolean);
    const refused = new Map<string, number>();
    let encoded = 0;
    for (const line of lines) {
      const smiles = line.split('\t')[0]!;
      if (canonical(smiles) === null) continue;
      let selfies: string;
      try {
        selfies = encodeSelfies(rdkit, smiles);
      } catch (err) {
        const reason = (err as Error).message.replace(/"[^"]*"/, 'X').replace(/for \S+$/, 'for an element');
        refused.set(reason, (refused.get(reason) ?? 0) + 1);
        continue;
      }
      encoded++;
      expect(canonical(decodeSelfies(selfies)), smiles).toBe(canonical(smiles));
    }
    // What SELFIES cannot carry: salts and mixtures (several molecules), metals (no valence in its table,
    // dative bonds), hypervalent iodine (valence 1 in its table, as in the reference implementation);
    // nothing else.
    expect([...refused.keys()].sort()).toEqual([
      'SELFIES encoding takes a kekulé SMILES of one molecule without stereochemistry; X is not one',
      'SELFIES knows no valence for an element',
      'X has a valence SELFIES cannot carry',
      'X is more than one molecule',
    ]);
    expect(encoded).toBeGreaterThan(0.9 * lines.length);
  });

  it('writes the same molecule from a random walk, the same walk for the same seed', () => {
    const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').filter(Boolean);
    const random = mulberry32(7);
    let checked = 0;
    for (const line of lines.slice(0, 1_500)) {
      const smiles = line.split('\t')[0]!;
      let fixed: string;
      try {
        fixed = encodeSelfies(rdkit, smiles);
      } catch {
        continue; // what the canonical form refuses (the test above)
      }
      // A random form of every molecule the canonical order can write, decoding to the same molecule.
      const forms = new Set([fixed]);
      for (let k = 0; k < 3; k++) {
        const selfies = encodeSelfies(rdkit, smiles, { random });
        expect(canonical(decodeSelfies(selfies)), smiles).toBe(canonical(smiles));
        forms.add(selfies);
      }
      if (selfiesSymbols(fixed).length > 12) expect(forms.size, smiles).toBeGreaterThan(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(1_300);
    const phenol = (seed: number) => encodeSelfies(rdkit, 'c1ccccc1O', { random: mulberry32(seed) });
    expect(phenol(3)).toBe(phenol(3));
  });

  it('refuses what it cannot write, naming the SMILES field', () => {
    expect(() => encodeSelfies(rdkit, 'CC.O')).toThrow(/more than one molecule/);
    expect(() => encodeSelfies(rdkit, 'C[Fe]C')).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ argument: 'smiles' }) }),
    );
    expect(() => encodeSelfies(rdkit, 'not a molecule')).toThrow(/RDKit cannot read/);
  });
});
