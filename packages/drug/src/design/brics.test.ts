import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import { BricsFragmenter } from './brics.js';
import { BRICS_BONDS, BRICS_ENVIRONMENTS } from './brics-rules.js';

/**
 * Every 16th NCI molecule and a few with stereo, charges and salts, with their fragments as Python's RDKit
 * 2022 gives them: `Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split('.')`, sorted
 * (scripts/distribution-reference.py).
 */
const { perMolecule } = JSON.parse(
  readFileSync(new URL('../../fixtures/distribution-reference.json', import.meta.url), 'utf8'),
) as { perMolecule: { smiles: string[]; fragments: string[][] } };

let rdkit: RDKit;
let brics: BricsFragmenter;

beforeAll(async () => {
  rdkit = await RDKit.load();
  brics = new BricsFragmenter(rdkit);
});
afterAll(() => brics.dispose());

/** The fragments as a sorted list, each repeated as many times as it occurs. */
const fragmentList = (smiles: string) =>
  [...rdkit.withMol(smiles, (mol) => brics.fragments(mol))!]
    .flatMap(([f, n]) => Array<string>(n).fill(f))
    .sort();
const canonical = (smiles: string) => rdkit.withMol(smiles, (mol) => mol.get_smiles())!;

describe('BRICS fragments, as RDKit in Python cuts them', () => {
  it('equal Python RDKit 2022 on every molecule, 11 of 325 once written by the same RDKit', () => {
    let rewritten = 0;
    const differ: string[] = [];
    perMolecule.smiles.forEach((smiles, i) => {
      const ours = fragmentList(smiles);
      const python = perMolecule.fragments[i]!;
      if (JSON.stringify(ours) === JSON.stringify(python)) return;
      // RDKit 2026 writes some canonical SMILES otherwise than RDKit 2022 (a methyl before a ring, a
      // bracket atom): the same fragment, which Python's string read by our RDKit shows.
      if (JSON.stringify(ours) === JSON.stringify(python.map(canonical).sort())) rewritten++;
      else differ.push(smiles);
    });
    expect(differ).toEqual([]);
    expect(rewritten).toBe(11);
  });

  it('labels each dummy with the environment of the atom it replaces a neighbour of', () => {
    // Ester: C(=O) is environment 1 (and 6 towards the ring), O 3, the ethyl's CH2 4, the phenyl 16.
    expect(fragmentList('CCOC(=O)c1ccccc1')).toEqual([
      '[1*]C([6*])=O',
      '[16*]c1ccccc1',
      '[3*]O[3*]',
      '[4*]CC',
    ]);
    // A double bond between two chain carbons (7=7) is cut too, and stereo elsewhere survives the cut.
    expect(fragmentList('C/C=C/C(=O)N[C@@H](C)c1ccccc1')).toEqual([
      '[1*]C(=O)C=[7*]',
      '[16*]c1ccccc1',
      '[4*][C@H]([8*])C',
      '[5*]N[5*]',
      '[7*]=CC',
    ]);
    // A centre cut twice towards the same environment is no centre any more.
    expect(fragmentList('C[C@H](OC)OCC')).toEqual(['[3*]OC', '[3*]O[3*]', '[4*]C([4*])C', '[4*]CC']);
  });

  it('leaves a molecule without BRICS bonds whole, and its salt parts apart', () => {
    expect(fragmentList('c1ccccc1')).toEqual(['c1ccccc1']);
    expect(fragmentList('CC(=O)[O-].[Na+]')).toEqual(['CC(=O)[O-]', '[Na+]']);
    expect(fragmentList('C')).toEqual(['C']);
  });

  it('labels a bond whose atoms are both in environments 13 and 15 as RDKit matches it: the first atom 13', () => {
    expect(fragmentList('C12(CCCCC1CCCN2)C34CCCCC3CCCO4')).toEqual([
      '[13*]C12CCCCC1CCCN2',
      '[15*]C12CCCCC1CCCO2',
    ]);
    expect(fragmentList('C12(CCCCC1CCCO2)C34CCCCC3CCCN4')).toEqual([
      '[13*]C12CCCCC1CCCO2',
      '[15*]C12CCCCC1CCCN2',
    ]);
  });

  it('has an environment for each label its rules name', () => {
    for (const [a, b, order] of BRICS_BONDS) {
      expect(BRICS_ENVIRONMENTS[a], `environment ${a}`).toBeDefined();
      expect(BRICS_ENVIRONMENTS[b], `environment ${b}`).toBeDefined();
      expect(['-', '=']).toContain(order);
    }
  });
});
