import { describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { screenOptions } from '../screening/screen-options.js';
import { screenColumns } from '../screening/screener.js';
import { DESCRIPTOR_LABELS } from './descriptor-labels.js';
import { DESCRIPTOR_NAMES, descriptorsOf } from './descriptors.js';

describe('descriptor labels', () => {
  it('keep RDKit’s two H-bond definitions apart, as Python’s RDKit computes them', async () => {
    const rdkit = await RDKit.load();
    const of = (smiles: string) => rdkit.withMol(smiles, descriptorsOf)!;
    // Python RDKit 2022.09: Lipinski.NumHAcceptors (CalcNumHBA) 3, Lipinski.NOCount (CalcNumLipinskiHBA) 4.
    const aspirin = of('CC(=O)Oc1ccccc1C(=O)O');
    expect([aspirin.NumHBA, aspirin.lipinskiHBA, aspirin.NumHBD, aspirin.lipinskiHBD]).toEqual([3, 4, 1, 1]);
    // Lipinski.NumHDonors (CalcNumHBD) 1, Lipinski.NHOHCount (CalcNumLipinskiHBD) 2: both hydrogens count.
    const methylamine = of('CN');
    expect([methylamine.NumHBD, methylamine.lipinskiHBD]).toEqual([1, 2]);
    expect(DESCRIPTOR_LABELS.NumHBA.label).toBe('H-bond acceptors');
    expect(DESCRIPTOR_LABELS.lipinskiHBA.label).toBe('N + O count');
    expect(DESCRIPTOR_LABELS.NumHBA.description).toMatch(/NumHAcceptors.*CalcNumHBA/);
    expect(DESCRIPTOR_LABELS.lipinskiHBA.description).toMatch(/NOCount.*CalcNumLipinskiHBA/);
    expect(DESCRIPTOR_LABELS.lipinskiHBD.description).toMatch(/NHOHCount.*CalcNumLipinskiHBD/);
  });

  it('give every descriptor a label of its own: no two definitions under one name', () => {
    const labels = DESCRIPTOR_NAMES.map((d) => DESCRIPTOR_LABELS[d].label);
    expect(new Set(labels).size).toBe(DESCRIPTOR_NAMES.length);
    expect(labels.some((l) => /^HB[AD]$/.test(l))).toBe(false);
  });

  it('label a screen’s columns, a property model’s from its manifest’s tasks', () => {
    const options = screenOptions({ descriptors: ['tpsa', 'NumHBA'], rules: ['lipinski'], sa: false });
    const columns = screenColumns(options, [
      {
        id: 'esol-solubility',
        spec: {
          features: 'rdkit43-morgan2x1024',
          standardise: true,
          tasks: [
            {
              name: 'log_solubility',
              kind: 'regression',
              label: 'Aqueous solubility',
              units: 'log10(mol/L)',
            },
          ],
        },
      },
      {
        id: 'mine',
        spec: {
          features: 'rdkit43-morgan2x1024',
          standardise: true,
          tasks: [{ name: 'y', kind: 'probability' }],
        },
      },
    ]);
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));
    expect(byName.tpsa).toMatchObject({ label: 'TPSA', units: 'Å²', type: 'float' });
    expect(byName.NumHBA!.label).toBe('H-bond acceptors');
    expect(byName.lipinski_pass!.label).toBe('Lipinski pass');
    expect(byName['esol-solubility_log_solubility']).toMatchObject({
      label: 'Aqueous solubility',
      units: 'log10(mol/L)',
    });
    // A task without a label is named by its model and task, not left as the raw column name.
    expect(byName.mine_y!.label).toBe('mine y');
    expect(columns.every((c) => c.label.length > 0)).toBe(true);
  });
});
