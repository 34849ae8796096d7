import { describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import type { MoleculeRecord } from '../readers/record.js';
import { BatchScreener } from './screen-batch.js';
import { screenOptions } from './screen-options.js';

const records = (molecules: readonly string[]): MoleculeRecord[] =>
  molecules.map((molecule, i) => ({ position: i + 1, id: `m${i + 1}`, molecule, fields: {} }));

describe('BatchScreener', () => {
  it('makes a giant molecule one error row naming the limit, and screens the rest', async () => {
    const screener = await BatchScreener.create({ sa: false });
    try {
      const rows = await screener.screen(records(['CCO', 'C'.repeat(900), 'C'.repeat(200), 'c1ccccc1O']));
      expect(rows.map((r) => r.error)).toEqual([
        null,
        'RDKit was not given "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC...": ' +
          'the molecule has 900 heavy atoms; at most 200 are accepted (maxHeavyAtoms)',
        null,
        null,
      ]);
      expect(rows.map((r) => r.NumHeavyAtoms)).toEqual([3, null, 200, 7]);
    } finally {
      await screener.dispose();
    }
  });

  it('renews a broken RDKit instance before the next molecule, with its queries compiled again', async () => {
    const screener = await BatchScreener.create({
      sa: false,
      alerts: [{ name: 'phenol', smarts: 'c[OX2H]' }],
    });
    try {
      const batch = records(['CCO', 'c1ccccc1O']);
      const before = await screener.screen(batch);
      // A trap of another user of this thread's instance (limits lifted, so that a chain of 1,000
      // carbons reaches RDKit) breaks the instance the screener's filters were compiled on.
      const unlimited = await RDKit.load({ limits: { maxHeavyAtoms: Infinity } });
      expect(() => unlimited.withMol('C'.repeat(1000), (m) => m.get_num_atoms())).toThrow(
        expect.objectContaining({ code: 'MOLECULE_UNSUPPORTED' }) as Error,
      );
      expect(unlimited.broken).toBe(true);
      const after = await screener.screen(batch);
      expect(after).toEqual(before);
      expect(after.map((r) => [r.smiles, r.alerts, r.error])).toEqual([
        ['CCO', '', null],
        ['Oc1ccccc1', 'phenol', null],
      ]);
    } finally {
      await screener.dispose();
    }
  });

  it('refuses query molecules and SMARTS past the limits in the options, naming the field', () => {
    expect(() => screenOptions({ queries: [{ id: 'q', smiles: 'C'.repeat(201) }] })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        context: expect.objectContaining({ argument: 'queries.0.smiles' }) as object,
        message: expect.stringContaining('query: the molecule has 201 heavy atoms') as string,
      }) as Error,
    );
    expect(() => screenOptions({ alerts: [{ name: 'a', smarts: 'C1CC1'.repeat(51) }] })).toThrow(
      /SMARTS: the molecule has 51 rings; at most 50 are accepted \(maxRings\)/,
    );
    expect(screenOptions({ queries: [{ id: 'q', smiles: 'C'.repeat(200) }] }).queries).toHaveLength(1);
  });
});
