import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDrugFile } from '../testing/shared-data.js';
import { MOLECULE_LIMITS, moleculeSize, moleculeSizeProblem } from './molecule-limits.js';
import { RDKit } from './rdkit.js';

/** What RDKit itself counts: heavy atoms, and rings as bonds − atoms + fragments. */
function rdkitSize(rdkit: RDKit, molecule: string): { heavyAtoms: number; rings: number } | null {
  return rdkit.withMol(molecule, (m) => {
    const d = JSON.parse(m.get_descriptors()) as { NumHeavyAtoms: number };
    const fragments = m.get_smiles().split('.').length;
    return { heavyAtoms: d.NumHeavyAtoms, rings: m.get_num_bonds() - m.get_num_atoms() + fragments };
  });
}

describe('moleculeSize', () => {
  it('counts heavy atoms and ring closures of a SMILES as its lexer sees them', () => {
    expect(moleculeSize('CCO')).toEqual({ format: 'smiles', length: 3, heavyAtoms: 3, atoms: 3, rings: 0 });
    // Cl and Br are one atom each; [H] and [2H] are atoms, not heavy ones ([Hg] is).
    expect(moleculeSize('ClC(Br)([H])[2H]')).toMatchObject({ heavyAtoms: 3, atoms: 5, rings: 0 });
    expect(moleculeSize('[Hg+2].[Cl-].[Cl-]')).toMatchObject({ heavyAtoms: 3, atoms: 3 });
    expect(moleculeSize('c1ccc2ccccc2c1')).toMatchObject({ heavyAtoms: 10, rings: 2 });
    // %nn and %(nnn) are one label each; the name after the SMILES is not read.
    expect(moleculeSize('C%10CC%(123)CC%10C%(123) ring 12')).toMatchObject({ heavyAtoms: 6, rings: 2 });
    expect(moleculeSize('[13CH3][N+](C)(C)C')).toMatchObject({ heavyAtoms: 5 });
  });

  it('counts V2000 and V3000 molblocks from their atom and bond blocks, explicit hydrogens left out', async () => {
    const rdkit = await RDKit.load();
    const withHs = rdkit.withMol('c1ccccc1C1CC1', (m) => m.add_hs())!;
    const v3000 = rdkit.withMol('c1ccccc1C1CC1.CCO', (m) => m.get_v3Kmolblock())!;
    expect(moleculeSize(withHs)).toMatchObject({ format: 'molblock', heavyAtoms: 9, atoms: 19, rings: 2 });
    expect(moleculeSize(v3000)).toMatchObject({ format: 'molblock', heavyAtoms: 12, rings: 2 });
    // Text that is no molblock and no molecule JSON is left to RDKit (which counts it once parsed).
    expect(moleculeSize('line one\nline two').format).toBe('other');
    expect(moleculeSize('{"commonchem":{"version":10}}').format).toBe('other');
    expect(moleculeSize('{"molecules": [{"atoms": 3}]').format).toBe('other');
    expect(moleculeSize('{"molecules": [{"atoms": [null, {"z": 1}], "bonds": [{}]}]}')).toMatchObject({
      format: 'json',
      heavyAtoms: 1,
      rings: 0,
    });
  });

  it('counts what RDKit counts, on the NCI set as SMILES, molblocks and RDKit JSON', async () => {
    const rdkit = await RDKit.load();
    const lines = readFileSync(sharedDrugFile('nci-first-5k.smi'), 'utf8').split('\n').slice(0, 1500);
    let compared = 0;
    for (const line of lines) {
      const smiles = line.split('\t')[0]!;
      const expected = smiles ? rdkitSize(rdkit, smiles) : null;
      if (!expected) continue;
      const [molblock, json] = rdkit.withMol(smiles, (m) => [m.get_molblock(), m.get_json()])!;
      expect({ smiles, ...moleculeSize(smiles) }).toMatchObject({ smiles, ...expected });
      expect({ smiles, ...moleculeSize(molblock) }).toMatchObject({ smiles, ...expected });
      expect({ smiles, ...moleculeSize(json) }).toMatchObject({ smiles, format: 'json', ...expected });
      compared++;
    }
    expect(compared).toBeGreaterThan(1400);
  });
});

describe('moleculeSizeProblem', () => {
  it('names the limit a molecule is over, at the limit and one past it', () => {
    const { maxHeavyAtoms, maxRings, maxSmilesLength } = MOLECULE_LIMITS;
    expect(moleculeSizeProblem('C'.repeat(maxHeavyAtoms))).toBeUndefined();
    expect(moleculeSizeProblem('C'.repeat(maxHeavyAtoms + 1))).toBe(
      'the molecule has 201 heavy atoms; at most 200 are accepted (maxHeavyAtoms)',
    );
    expect(moleculeSizeProblem('C1CC1'.repeat(maxRings))).toBeUndefined();
    expect(moleculeSizeProblem('C1CC1'.repeat(maxRings + 1))).toBe(
      'the molecule has 51 rings; at most 50 are accepted (maxRings)',
    );
    expect(moleculeSizeProblem(`C ${'x'.repeat(maxSmilesLength)}`)).toBe(
      'the SMILES has 2002 characters; at most 2000 are accepted (maxSmilesLength)',
    );
    // Thousands of fragments, deep branches: still counted as atoms.
    expect(moleculeSizeProblem(Array(300).fill('C').join('.'))).toMatch(/300 heavy atoms/);
    expect(moleculeSizeProblem(`${'C('.repeat(250)}C${')'.repeat(250)}`)).toMatch(/251 heavy atoms/);
    expect(moleculeSizeProblem('C'.repeat(300), { maxHeavyAtoms: 400 })).toBeUndefined();
  });

  it('holds a molblock to its atoms, not its length, and hydrogens to maxAtoms', async () => {
    const rdkit = await RDKit.load();
    const big = rdkit.withMol('C'.repeat(150), (m) => m.add_hs())!;
    expect(big.length).toBeGreaterThan(MOLECULE_LIMITS.maxSmilesLength);
    expect(moleculeSizeProblem(big)).toBeUndefined();
    expect(moleculeSizeProblem(big, { maxHeavyAtoms: 100 })).toBe(
      'the molecule has 150 heavy atoms; at most 100 are accepted (maxHeavyAtoms)',
    );
    expect(moleculeSizeProblem(big, { maxAtoms: 400 })).toBe(
      'the molecule has 452 atoms (hydrogens included); at most 400 are accepted (maxAtoms)',
    );
    // A thousand lone hydrogens have no heavy atom; they would take RDKit seconds to lay out.
    const hydrogens = JSON.stringify({ molecules: [{ atoms: Array(1001).fill({ z: 1 }) }] });
    expect(moleculeSizeProblem(hydrogens)).toBe(
      'the molecule has 1001 atoms (hydrogens included); at most 1000 are accepted (maxAtoms)',
    );
  });
});
