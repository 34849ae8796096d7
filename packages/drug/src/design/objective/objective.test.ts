import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { desirabilityOf, objectiveOf } from './objective-schema.js';
import { ObjectiveScorer } from './objective-scorer.js';

const TROGLITAZONE = 'Cc1c(C)c2c(c(C)c1O)CCC(C)(COc1ccc(CC3SC(=O)NC3=O)cc1)O2';
const RHODANINE = 'O=C1C(=Cc2ccccc2)SC(=S)N1';

const fieldOf = (input: unknown): string => {
  try {
    objectiveOf(input);
    return 'valid';
  } catch (err) {
    if (!isStrataError(err, 'INVALID_ARGUMENT')) throw err;
    return String((err.context as { argument: string }).argument);
  }
};

describe('the objective language', () => {
  it('turns values into desirabilities as GuacaMol’s modifiers do', () => {
    expect(desirabilityOf({ goal: 'maximise', low: 0, high: 1 }, 0.3)).toBeCloseTo(0.3, 12);
    expect(desirabilityOf({ goal: 'minimise', low: 1, high: 10 }, 3.25)).toBeCloseTo(0.75, 12);
    expect(desirabilityOf({ goal: 'range', min: 1, max: 3 }, 2)).toBe(1);
    expect(desirabilityOf({ goal: 'range', min: 1, max: 3 }, 3.5)).toBeCloseTo(0.5, 12);
    expect(desirabilityOf({ goal: 'range', min: 1, max: 3, tolerance: 2 }, 0)).toBeCloseTo(0.5, 12);
    expect(desirabilityOf({ goal: 'target', value: 2, sigma: 1 }, 3)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(desirabilityOf({ goal: 'maximise', low: 0, high: 1 }, Number.NaN)).toBe(0);
  });

  it('name the field of a bad objective', () => {
    expect(fieldOf({ terms: [{ kind: 'qed' }] })).toBe('valid');
    expect(fieldOf({ terms: [] })).toBe('terms');
    expect(
      fieldOf({ terms: [{ kind: 'descriptor', name: 'LogP', desirability: { goal: 'maximise' } }] }),
    ).toBe('terms.0.name');
    expect(fieldOf({ terms: [{ kind: 'qed', weight: 0 }] })).toBe('terms.0.weight');
    expect(fieldOf({ terms: [{ kind: 'qed', desirability: { goal: 'range', min: 3, max: 1 } }] })).toBe(
      'terms.0.desirability.min',
    );
    expect(fieldOf({ terms: [{ kind: 'similarity', targets: [] }] })).toBe('terms.0.targets');
    expect(fieldOf({ terms: [{ kind: 'qed' }], constraints: { forbid: [{ name: 'x' }] } })).toBe(
      'constraints.forbid.0.smarts',
    );
  });
});

describe('scoring molecules against an objective', () => {
  let scorer: ObjectiveScorer;
  beforeAll(async () => {
    scorer = await ObjectiveScorer.create({
      terms: [
        { kind: 'similarity', targets: [TROGLITAZONE] },
        { kind: 'qed' },
        { kind: 'descriptor', name: 'NumHBD', desirability: { goal: 'range', min: 0, max: 2 } },
      ],
    });
  });
  afterAll(() => scorer.dispose());

  it('measure similarity by Morgan counts as GuacaMol does (RDKit’s TanimotoSimilarity of GetMorganFingerprint)', async () => {
    // Python: DataStructs.TanimotoSimilarity(AllChem.GetMorganFingerprint(m, 2), AllChem.GetMorganFingerprint(t, 2))
    const expected = [0.42342342342342343, 0.6956521739130435, 0.033707865168539325, 0.04, 1];
    const scored = await scorer.score([
      'Cc1ccc(OCCOc2ccc(CC3SC(=O)NC3=O)cc2)cc1',
      'CC1=C(O)OC(C)(COc2ccc(CC3SC(=O)NC3=O)cc2)CC1',
      'CCO',
      'c1ccccc1',
      TROGLITAZONE,
    ]);
    scored.forEach((s, i) => expect(s!.values[0]).toBeCloseTo(expected[i]!, 12));
    expect(scorer.names).toEqual(['similarity', 'qed', 'NumHBD']);
  });

  it('combine the desirabilities as a weighted geometric mean, and refuse what RDKit cannot read', async () => {
    const [m, bad] = await scorer.score(['Cc1ccc(OCCOc2ccc(CC3SC(=O)NC3=O)cc2)cc1', 'C1CC(']);
    const [sim, qed, hbd] = m!.values as [number, number, number];
    expect(hbd).toBe(1);
    expect(m!.score).toBeCloseTo(Math.cbrt(sim * qed * 1), 12);
    expect(m!.violations).toEqual([]);
    expect(bad).toBeNull();
  });

  it('score 0 for a molecule that breaks a hard constraint, naming it', async () => {
    const strict = await ObjectiveScorer.create({
      terms: [{ kind: 'qed' }, { kind: 'sa', weight: 2 }],
      combine: 'sum',
      constraints: {
        noPains: true,
        noMedchemExclusions: true,
        rules: ['lipinski'],
        require: [{ name: 'aromatic ring', smarts: 'a1aaaaa1' }],
        forbid: [{ name: 'acyl chloride', smarts: 'C(=O)Cl' }],
        similarTo: { smiles: 'CC(=O)Oc1ccccc1C(=O)O', min: 0.3 },
      },
    });
    const [aspirin, rhodanine, chloride, ethanol] = await strict.score([
      'CC(=O)Oc1ccccc1C(=O)O',
      RHODANINE,
      'CC(=O)Oc1ccccc1C(=O)Cl',
      'CCO',
    ]);
    expect(aspirin!.violations).toEqual([]);
    const [qed, sa] = aspirin!.values as [number, number];
    expect(aspirin!.score).toBeCloseTo((qed + 2 * ((10 - sa) / 9)) / 3, 12);
    expect(rhodanine!.violations).toEqual(expect.arrayContaining(['PAINS', 'below the similarity floor']));
    expect(rhodanine!.score).toBe(0);
    expect(chloride!.violations).toEqual(['forbids acyl chloride', 'medicinal-chemistry exclusion']);
    expect(ethanol!.violations).toEqual(['requires aromatic ring', 'below the similarity floor']);
    await strict.dispose();
  });
});
