import { describe, expect, it } from 'vitest';
import { descriptorsOf } from '../descriptors/descriptors.js';
import { molGraph } from '../rdkit/mol-graph.js';
import { RDKit } from '../rdkit/rdkit.js';
import { nciReference } from '../testing/nci-reference.js';
import { atomCounts, atomRequirements, satisfies, smilesAtomCounts } from './atom-requirements.js';
import { mergeQueryHs } from './merge-query-hs.js';
import { medchemFilter } from './medchem.js';
import { painsFilter } from './pains.js';
import { applyRules, RULE_SETS } from './rules.js';
import { SubstructureFilter } from './substructure-filter.js';

describe('SMARTS hydrogen merging', () => {
  it('folds terminal [#1] atoms into at-least-n-hydrogen queries, in branches, chains and recursion', () => {
    expect(mergeQueryHs('c:1:c:c:c:c:c:1-[#7](-[#1])-[#1]')).toBe('c:1:c:c:c:c:c:1-[#7;!H0;!H1]');
    expect(mergeQueryHs('[#8]-[#1]')).toBe('[#8;!H0]');
    expect(mergeQueryHs('[#1]-[#8]-c')).toBe('[#8;!H0]-c');
    expect(mergeQueryHs('c(-[#1])c')).toBe('[c;!H0]c');
    expect(mergeQueryHs('[C,N;R]-[#1]')).toBe('[C,N;R;!H0]');
    expect(mergeQueryHs('[$([#6](-[#1])-[#1]),$([#7])]')).toBe('[$([#6;!H0;!H1]),$([#7])]');
    // Not terminal, or a molecule of hydrogen: left alone.
    expect(mergeQueryHs('[#6]-[#1]-[#6]')).toBe('[#6]-[#1]-[#6]');
    expect(mergeQueryHs('[#1]-[#1]')).toBe('[#1]-[#1]');
    expect(mergeQueryHs('C1CC1.[Na+]')).toBe('C1CC1.[Na+]');
  });
});

describe('filters', () => {
  it('name the PAINS families a molecule contains', async () => {
    const rdkit = await RDKit.load();
    const pains = painsFilter(rdkit);
    expect(pains.patterns).toHaveLength(480);
    // A 5-benzylidene rhodanine, the textbook PAINS.
    expect(rdkit.withMol('O=C1C(=Cc2ccccc2)SC(=S)N1', (m) => pains.matches(m))).toEqual(['ene_rhod_A(235)']);
    expect(rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', (m) => pains.matches(m))).toEqual([]);
    pains.dispose();
  });

  it('name the NIBR exclusions a molecule contains, counting patterns that must occur more than once', async () => {
    const rdkit = await RDKit.load();
    const medchem = medchemFilter(rdkit);
    expect(medchem.patterns).toHaveLength(260);
    expect(rdkit.withMol('CC(=O)Cl', (m) => medchem.matches(m))).toEqual(['carboxyclic_acid_halides']);
    expect(rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', (m) => medchem.matches(m))).toEqual([]);
    medchem.dispose();
    const twice = new SubstructureFilter(rdkit, [{ name: 'two hydroxyls', smarts: '[OX2H]', minCount: 2 }]);
    expect(rdkit.withMol('OCCO', (m) => twice.matches(m))).toEqual(['two hydroxyls']);
    expect(rdkit.withMol('OCC', (m) => twice.matches(m))).toEqual([]);
    twice.dispose();
  });

  it('match user SMARTS and count occurrences, and refuse a SMARTS that does not compile', async () => {
    const rdkit = await RDKit.load();
    const f = new SubstructureFilter(rdkit, [
      { name: 'hydroxyl', smarts: '[OX2H]' },
      { name: 'nitro', smarts: '[N+](=O)[O-]' },
    ]);
    expect(rdkit.withMol('OCCO', (m) => [f.matches(m), f.counts(m)])).toEqual([
      ['hydroxyl'],
      { hydroxyl: 2 },
    ]);
    f.dispose();
    expect(() => new SubstructureFilter(rdkit, [{ name: 'bad', smarts: 'C(' }])).toThrow(/C\(/);
  });

  it('apply Lipinski, Veber, Ghose and Egan and say which rule failed', async () => {
    const rdkit = await RDKit.load();
    const aspirin = rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', descriptorsOf)!;
    expect(applyRules(RULE_SETS.lipinski, aspirin)).toEqual({ name: 'lipinski', pass: true, failed: [] });
    expect(applyRules(RULE_SETS.ghose, aspirin)).toEqual({ name: 'ghose', pass: true, failed: [] });
    // Cyclosporin A: big and flexible.
    const cyclosporin = rdkit.withMol(
      'CC[C@H]1C(=O)N(CC(=O)N([C@H](C(=O)N[C@H](C(=O)N([C@H](C(=O)N[C@H](C(=O)N[C@@H](C(=O)N([C@H](C(=O)N([C@H](C(=O)N([C@H](C(=O)N([C@H](C(=O)N1)[C@@H]([C@H](C)C/C=C/C)O)C)C(C)C)C)CC(C)C)C)CC(C)C)C)C)C)CC(C)C)C)C(C)C)CC(C)C)C)C',
      descriptorsOf,
    )!;
    const lipinski = applyRules(RULE_SETS.lipinski, cyclosporin);
    expect(lipinski.pass).toBe(false);
    expect(lipinski.failed).toEqual(['amw 1202.635 > 500', 'lipinskiHBA 23 > 10']);
    expect(applyRules(RULE_SETS.veber, cyclosporin).failed).toEqual([
      'NumRotatableBonds 15 > 10',
      'tpsa 278.8 > 140',
    ]);
    const onlyOne = applyRules(
      { ...RULE_SETS.lipinski, rules: RULE_SETS.lipinski.rules.slice(0, 1) },
      cyclosporin,
    );
    expect(onlyOne.pass).toBe(true); // one violation is allowed
  });

  it('count atoms from SMILES as the RDKit graph does, and know what a SMARTS needs', async () => {
    const rdkit = await RDKit.load();
    for (const m of nciReference().molecules) {
      rdkit.withMol(m.smiles, (mol) => {
        const fromJson = atomCounts(molGraph(mol));
        expect(Object.fromEntries(smilesAtomCounts(mol.get_smiles()))).toEqual(Object.fromEntries(fromJson));
      });
    }
    expect([...atomRequirements('c1ccccc1[N+](=O)[O-]')]).toEqual([
      ['6:a', 6],
      ['7:A', 1],
      ['8:A', 2],
    ]);
    // Disjunctions, negations, recursion and two-letter symbols need nothing; conjunctions do.
    expect([...atomRequirements('[C,N][!#6][$(O)][Ca][#7;X3;!H0][cr5]')]).toEqual([['7', 1]]);
    expect(satisfies(smilesAtomCounts('CCN'), atomRequirements('[#7]CC'))).toBe(true);
    expect(satisfies(smilesAtomCounts('CCO'), atomRequirements('[#7]CC'))).toBe(false);
  });
});
