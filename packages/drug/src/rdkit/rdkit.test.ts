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

  it('refuses a molecule over the limits before RDKit sees it, naming the limit', async () => {
    // One molecule renews this instance: one that RDKit parsed would wear it.
    const rdkit = await RDKit.load({ maxMolecules: 1 });
    expect(() => rdkit.withMol('C'.repeat(201), (m) => m.get_num_atoms())).toThrow(
      expect.objectContaining({
        code: 'MOLECULE_TOO_LARGE',
        message: expect.stringContaining(
          '201 heavy atoms; at most 200 are accepted (maxHeavyAtoms)',
        ) as string,
        context: expect.objectContaining({ limit: 'maxHeavyAtoms', value: 201 }) as object,
      }) as Error,
    );
    expect(() => rdkit.withMol('C1CC1'.repeat(51), (m) => m.get_num_atoms())).toThrow(/\(maxRings\)/);
    expect(rdkit.worn).toBe(false);
    expect(rdkit.withMol('C'.repeat(200), (m) => m.get_num_atoms())).toBe(200);
    // RDKit's JSON is counted too.
    const json = rdkit.withMol('C'.repeat(60), (m) => m.get_json())!;
    const small = await RDKit.load({ limits: { maxHeavyAtoms: 50 } });
    expect(() => small.withMol(json, (m) => m.get_num_atoms())).toThrow(/60 heavy atoms; at most 50/);
  });

  it('drops an instance a molecule traps, names the molecule, and runs the next call on a fresh one', async () => {
    // Without limits, a 1,000-carbon chain overflows RDKit's WebAssembly stack: a real trap.
    const rdkit = await RDKit.load({ limits: { maxHeavyAtoms: Infinity, maxSmilesLength: Infinity } });
    const other = await RDKit.load(); // another user of the same instance on this thread
    const query = rdkit.compileQuery('[OX2H]');
    const giant = 'C'.repeat(1000);
    expect(() => rdkit.withMol(giant, (m) => m.get_num_atoms())).toThrow(
      expect.objectContaining({
        code: 'MOLECULE_UNSUPPORTED',
        message: expect.stringMatching(
          /^RDKit cannot process "CCCC.*\.\.\.": .*memory access out of bounds/,
        ) as string,
      }) as Error,
    );
    expect(rdkit.broken).toBe(true);
    expect(other.broken).toBe(true);
    // Nothing calls into the broken instance again: calls are refused, its objects fenced.
    expect(() => rdkit.withMol('CCO', (m) => m.get_smiles())).toThrow(/renew\(\) it/);
    expect(() => query.get_smarts()).toThrow(
      expect.objectContaining({
        code: 'RDKIT_FAILED',
        message: expect.stringContaining('get_smarts') as string,
      }) as Error,
    );
    expect(() => query.delete()).not.toThrow();
    expect(query.isDeleted()).toBe(true);
    expect(await rdkit.renew()).toBe(true);
    expect(rdkit.broken).toBe(false);
    expect(rdkit.withMol('CCO', (m) => m.get_smiles())).toBe('CCO');
    // The other user is moved to the same fresh instance by use().
    expect(await other.use((r) => r.withMol('OCC', (m) => m.get_smiles()))).toBe('CCO');
    const q = rdkit.compileQuery('[OX2H]');
    expect(rdkit.withMol('OCCO', (m) => substructMatches(m, q))).toEqual([[0], [3]]);
    q.delete();
    expect(q.isDeleted()).toBe(true);
  });

  it('drops an instance that traps inside the callback, without deleting the molecule on it', async () => {
    const rdkit = await RDKit.load({ limits: { maxHeavyAtoms: Infinity } });
    let held: { isDeleted(): boolean } | undefined;
    // 800 carbons parse, but their canonical SMILES overflows the stack.
    expect(() =>
      rdkit.withMol('C'.repeat(800), (m) => {
        held = m;
        return m.get_smiles();
      }),
    ).toThrow(expect.objectContaining({ code: 'MOLECULE_UNSUPPORTED' }) as Error);
    expect(held!.isDeleted()).toBe(true); // fenced: answered without the instance
    expect(await rdkit.use((r) => r.withMol('c1ccccc1', (m) => m.get_num_atoms()))).toBe(6);
    expect(await rdkit.use((r) => r.version)).toMatch(/^2026\.09/);
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
