import { mulberry32 } from '@strata/core';
import { RDKit } from '@strata/drug';
import { expect, it } from 'vitest';
import { randomSmiles } from './random-smiles.js';

const MOLECULES = [
  'Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1',
  'CC(=O)Nc1ccc(O)cc1',
  'O=[N+]([O-])c1ccc2[nH]ccc2c1',
  'C1CCC2(CC1)OCCO2',
];

it('randomised SMILES spell the same molecule anew, reproducibly from the seed', async () => {
  const rdkit = await RDKit.load();
  const canonical = (s: string) => rdkit.withMol(s, (m) => m.get_smiles())!;
  const draw = (seed: number) => {
    const random = mulberry32(seed);
    return MOLECULES.map((s) => Array.from({ length: 8 }, () => randomSmiles(rdkit, s, random)));
  };
  const spellings = draw(7);
  spellings.forEach((forms, i) => {
    for (const s of forms) expect(canonical(s)).toBe(canonical(MOLECULES[i]!));
    // Eight draws of a molecule of many atoms are not all one string.
    expect(new Set(forms).size).toBeGreaterThan(2);
  });
  expect(draw(7)).toEqual(spellings);
  expect(draw(8)).not.toEqual(spellings);
  expect(() => randomSmiles(rdkit, 'C1CC', mulberry32(1))).toThrow(/cannot read/);
});
