import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { RDKit, substructMatches } from './rdkit.js';

describe('RDKit', () => {
  it('parses SMILES and molblocks, and gives null for what it cannot parse', async () => {
    const rdkit = await RDKit.load();
    expect(rdkit.version).toMatch(/^2026\.09/);
    expect(rdkit.withMol('OCC', (m) => m.get_smiles())).toBe('CCO');
    expect(rdkit.withMol('C1CC', (m) => m.get_smiles())).toBeNull();
    expect(rdkit.withMol('not a molecule', (m) => m.get_smiles())).toBeNull();
    expect(rdkit.withMol('  ', (m) => m.get_smiles())).toBeNull();
    const molblock = rdkit.withMol('CCO', (m) => m.get_molblock())!;
    expect(rdkit.withMol(molblock, (m) => m.get_smiles())).toBe('CCO');
  });

  it('deletes each molecule after its callback, even when the callback throws', async () => {
    const rdkit = await RDKit.load();
    let kept: { isDeleted(): boolean } | undefined;
    rdkit.withMol('CCO', (m) => (kept = m));
    expect(kept!.isDeleted()).toBe(true);
    expect(() =>
      rdkit.withMol('CCO', (m) => {
        kept = m;
        throw new TypeError('a bug in the caller');
      }),
    ).toThrow(TypeError); // the caller's own errors pass through unchanged
    expect(kept!.isDeleted()).toBe(true);
  });

  it('turns a real RDKit C++ exception into RDKIT_FAILED, counts it, and renews a worn instance', async () => {
    const rdkit = await RDKit.load({ maxExceptions: 2 });
    // A parse option of the wrong type makes RDKit's C++ throw (a WebAssembly.Exception, not an Error).
    const fail = () => rdkit.withMol('CCO', (m) => m.get_smiles(), { sanitize: 'not a boolean' });
    expect(fail).toThrow(expect.objectContaining({ code: 'RDKIT_FAILED' }) as Error);
    expect(rdkit.worn).toBe(false);
    expect(fail).toThrow(/RDKit failed on "CCO"/);
    expect(rdkit.worn).toBe(true);
    expect(await rdkit.renew()).toBe(true);
    expect(rdkit.worn).toBe(false);
    expect(rdkit.withMol('c1ccccc1', (m) => m.get_num_atoms())).toBe(6);
  });

  it('renews after maxMolecules molecules when asked to, and by default only after C++ exceptions', async () => {
    const counted = await RDKit.load({ maxMolecules: 2 });
    counted.withMol('C', (m) => m.get_num_atoms());
    expect(counted.worn).toBe(false);
    counted.withMol('CC', (m) => m.get_num_atoms());
    expect(counted.worn).toBe(true);
    expect(await counted.renew()).toBe(true);
    expect(counted.worn).toBe(false);
    // A renewal costs memory (see maxMolecules): parsing alone never wears the default instance.
    const rdkit = await RDKit.load();
    for (let i = 0; i < 1000; i++) rdkit.withMol('CCO', (m) => m.get_num_atoms());
    expect(rdkit.worn).toBe(false);
  });

  it('compiles SMARTS, says which one does not compile, and lists matches', async () => {
    const rdkit = await RDKit.load();
    const q = rdkit.compileQuery('[OX2H]');
    expect(rdkit.withMol('OCCO', (m) => substructMatches(m, q))).toEqual([[0], [3]]);
    expect(rdkit.withMol('CC', (m) => substructMatches(m, q))).toEqual([]);
    q.delete();
    expect(() => rdkit.compileQuery('[C')).toThrow(
      expect.objectContaining({
        code: 'INVALID_SMARTS',
        message: 'RDKit cannot compile the SMARTS "[C"',
      }) as Error,
    );
    expect(isStrataError(new Error('x'))).toBe(false);
  });
});
