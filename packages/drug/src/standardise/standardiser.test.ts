import { describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { Standardiser } from './standardiser.js';

describe('Standardiser', () => {
  it.each([
    // salts stripped, then the zwitterion neutralised
    [
      'C[NH+](C)CCC(=O)[O-].[Na+].[Cl-]',
      'CN(C)CCC(=O)O',
      ['stripped 2 salt fragments', 'neutralised 2 atoms'],
    ],
    // a fumarate salt of a drug (cyproheptadine-like): the counter-acid goes
    [
      'OC(=O)C=CC(=O)O.CN1CCC(CC1)=C1c2ccccc2C=Cc2ccccc12',
      'CN1CCC(=C2c3ccccc3C=Cc3ccccc32)CC1',
      ['stripped 1 salt fragment'],
    ],
    ['CCCC[NH3+].[Br-]', 'CCCCN', ['stripped 1 salt fragment', 'neutralised 1 atom']],
    // a quaternary ammonium keeps its carboxylate; nitro groups and N-methylpyridinium stay as they are
    ['C[N+](C)(C)CCC(=O)[O-]', 'C[N+](C)(C)CCC(=O)[O-]', []],
    ['c1ccccc1[N+](=O)[O-]', 'O=[N+]([O-])c1ccccc1', []],
    ['C[n+]1ccccc1', 'C[n+]1ccccc1', []],
    // unusual valences are left charged rather than made impossible (Tox21 has both)
    ['F[B-](F)(F)F', 'F[B-](F)(F)F', []],
    ['[SbH6+3]', '[SbH6+3]', []],
    // two organic fragments that are not salts: the larger stays
    ['CCO.c1ccccc1CCN', 'NCCc1ccccc1', ['kept the largest of 2 fragments']],
  ])('%s -> %s', async (input, smiles, changes) => {
    const rdkit = await RDKit.load();
    const std = new Standardiser(rdkit);
    const out = rdkit.withMol(input, (mol) => std.standardise(mol))!;
    expect(out.smiles).toBe(smiles);
    expect(out.changes).toEqual(changes);
    // The InChIKey is that of the parent itself.
    expect(out.inchiKey).toBe(rdkit.withMol(smiles, (m) => rdkit.inchiKey(m.get_inchi())));
    std.dispose();
  });

  it('does only what it is asked to', async () => {
    const rdkit = await RDKit.load();
    const std = new Standardiser(rdkit, { neutralise: false });
    expect(rdkit.withMol('CCCC[NH3+].[Br-]', (m) => std.standardise(m).smiles)).toBe('CCCC[NH3+]');
    std.dispose();
  });
});
