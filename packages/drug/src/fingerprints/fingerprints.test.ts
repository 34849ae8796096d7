import { describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { nciReference } from '../testing/nci-reference.js';
import { bitCount, dice, morganFingerprint, onBits, tanimoto, type Fingerprint } from './bits.js';
import { FingerprintLibrary } from './library.js';
import { mergeQueryHs } from '../filters/merge-query-hs.js';
import { SubstructureIndex } from './substructure-index.js';

const fromBits = (bits: number[], n = 2048): Fingerprint => {
  const fp = new Uint32Array(n / 32);
  for (const b of bits) fp[b >>> 5]! |= 1 << (b & 31);
  return fp;
};

describe('fingerprints', () => {
  it('compute Tanimoto and Dice from packed bits as set formulas do', () => {
    const a = fromBits([0, 5, 31, 32, 2047]);
    const b = fromBits([5, 31, 100]);
    expect(onBits(a)).toEqual([0, 5, 31, 32, 2047]);
    expect(bitCount(a)).toBe(5);
    expect(tanimoto(a, b)).toBeCloseTo(2 / 6, 12);
    expect(dice(a, b)).toBeCloseTo(4 / 8, 12);
    expect(tanimoto(a, a)).toBe(1);
  });

  it('find the same top-k as a brute-force sort over the NCI library, best first, ties by index', async () => {
    const rdkit = await RDKit.load();
    const lib = new FingerprintLibrary(2048, 16);
    const fps: Fingerprint[] = [];
    for (const m of nciReference().molecules) {
      const fp = rdkit.withMol(m.smiles, (mol) => morganFingerprint(mol));
      if (!fp) continue;
      fps.push(fp);
      lib.add(fp);
    }
    expect(lib.size).toBe(fps.length);
    for (const q of [0, 17, 1234, 4000]) {
      for (const metric of ['tanimoto', 'dice'] as const) {
        const sim = metric === 'dice' ? dice : tanimoto;
        const expected = fps
          .map((fp, index) => ({ index, similarity: sim(fps[q]!, fp) }))
          .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
          .slice(0, 10);
        expect(lib.search(fps[q]!, { k: 10, metric })).toEqual(expected);
      }
    }
    const above = lib.search(fps[17]!, { k: 1000, threshold: 0.5 });
    expect(above.every((h) => h.similarity >= 0.5)).toBe(true);
    expect(above.length).toBe(fps.filter((fp) => tanimoto(fps[17]!, fp) >= 0.5).length);
    expect(() => lib.add(new Uint32Array(2))).toThrow(/expected a 2048-bit fingerprint/);
  });

  it('finds every library molecule that contains a substructure, as matching each one would', async () => {
    const rdkit = await RDKit.load();
    const index = new SubstructureIndex(rdkit);
    const smiles = nciReference().molecules.map((m) => m.smiles);
    for (const s of smiles) index.add(s);
    expect(index.size).toBe(smiles.length);
    for (const query of [
      '[N+](=O)[O-]',
      'c1ccccc1',
      'C(=O)[OX2H]',
      'c:1:c:c(:c:c:c:1-[#8]-[#1])-[#6](=[#8])',
      'S',
    ]) {
      const q = rdkit.compileQuery(mergeQueryHs(query));
      const expected = smiles.flatMap((s, i) =>
        rdkit.withMol(s, (m) => m.get_substruct_match(q) !== '{}') ? [i] : [],
      );
      q.delete();
      expect(index.search(query)).toEqual(expected);
    }
    expect(index.search('c1ccccc1').length).toBeGreaterThan(1000); // no cap at RDKit's default of 1,000
    expect(index.search('c1ccccc1', { maxResults: 5 })).toHaveLength(5);
    const chiral = new SubstructureIndex(rdkit);
    chiral.add('C[C@H](N)C(=O)O');
    expect(chiral.search('C[C@@H](N)C(=O)O')).toEqual([0]);
    expect(chiral.search('C[C@@H](N)C(=O)O', { useChirality: true })).toEqual([]);
    expect(chiral.search('C[C@H](N)C(=O)O', { useChirality: true })).toEqual([0]);
  });
});
