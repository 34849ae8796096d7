import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import {
  filterPassRate,
  fragmentCounts,
  fragmentSimilarity,
  internalDiversity,
  nearestNeighbourSimilarity,
  novelty,
  readGenerated,
  scaffoldCounts,
  scaffoldSimilarity,
  uniqueness,
  validity,
  type ReadMolecule,
} from './distribution-metrics.js';

/** Sets of NCI molecules and MOSES's metrics of them, computed with RDKit in Python (scripts/distribution-reference.py). */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/distribution-reference.json', import.meta.url), 'utf8'),
) as {
  generated: string[];
  training: string[];
  reference: string[];
  values: Record<
    | 'validity'
    | 'unique@100'
    | 'unique@1000'
    | 'novelty'
    | 'intDiv1'
    | 'intDiv2'
    | 'snn'
    | 'frag'
    | 'scaf'
    | 'filterPassRate',
    number
  >;
};

let rdkit: RDKit;
let generated: ReadMolecule[];
let read: (ReadMolecule | null)[];

beforeAll(async () => {
  rdkit = await RDKit.load();
  read = readGenerated(rdkit, fixture.generated);
  generated = read.filter((m): m is ReadMolecule => m !== null);
});

describe('distribution metrics, as MOSES computes them with RDKit in Python', () => {
  it('validity, uniqueness and novelty', () => {
    expect(validity(read)).toBe(fixture.values.validity);
    expect(uniqueness(generated, 100)).toBe(fixture.values['unique@100']);
    expect(uniqueness(generated, 1000)).toBe(fixture.values['unique@1000']);
    const training = new Set(readGenerated(rdkit, fixture.training).flatMap((m) => (m ? [m.canonical] : [])));
    expect(novelty(generated, training)).toBeCloseTo(fixture.values.novelty, 12);
  });

  it('internal diversity (IntDiv1, IntDiv2) and similarity to the nearest reference molecule (SNN)', () => {
    const fps = generated.map((m) => m.fingerprint);
    expect(internalDiversity(fps, 1)).toBeCloseTo(fixture.values.intDiv1, 10);
    expect(internalDiversity(fps, 2)).toBeCloseTo(fixture.values.intDiv2, 10);
    const reference = readGenerated(rdkit, fixture.reference).flatMap((m) => (m ? [m.fingerprint] : []));
    expect(nearestNeighbourSimilarity(fps, reference)).toBeCloseTo(fixture.values.snn, 10);
  });

  it('Frag and Scaf (cosine similarity of fragment and scaffold counts) and the filter pass rate', () => {
    // As MOSES does, the generated set is its valid molecules, repeats kept.
    const gen = generated.map((m) => m.canonical);
    const frag = fragmentSimilarity(fragmentCounts(rdkit, gen), fragmentCounts(rdkit, fixture.reference));
    expect(frag).toBeCloseTo(fixture.values.frag, 9);
    const scaf = scaffoldSimilarity(scaffoldCounts(rdkit, gen), scaffoldCounts(rdkit, fixture.reference));
    expect(scaf).toBeCloseTo(fixture.values.scaf, 9);
    expect(filterPassRate(rdkit, fixture.generated)).toBe(fixture.values.filterPassRate);
  });

  it('count fragments and scaffolds as MOSES does', () => {
    const fragments = fragmentCounts(rdkit, ['CCOC(=O)c1ccccc1', 'c1ccccc1OC', 'C1CC(']);
    expect(Object.fromEntries(fragments)).toEqual({
      '[1*]C([6*])=O': 1,
      '[16*]c1ccccc1': 2,
      '[3*]O[3*]': 1,
      '[3*]OC': 1,
      '[4*]CC': 1,
    });
    // Scaffolds of fewer than two rings are left out unless asked for (MOSES's min_rings).
    const smiles = ['c1ccccc1C', 'c1ccccc1Cc1ccccc1', 'CCCC', 'Cc1ccc(Cc2ccccc2)cc1'];
    expect(Object.fromEntries(scaffoldCounts(rdkit, smiles))).toEqual({ 'c1ccc(Cc2ccccc2)cc1': 2 });
    expect(Object.fromEntries(scaffoldCounts(rdkit, smiles, { minRings: 1 }))).toEqual({
      c1ccccc1: 1,
      'c1ccc(Cc2ccccc2)cc1': 2,
    });
    const a = new Map([
      ['x', 1],
      ['y', 2],
    ]);
    expect(fragmentSimilarity(a, a)).toBeCloseTo(1, 15);
    expect(fragmentSimilarity(a, new Map([['z', 3]]))).toBe(0);
    expect(
      scaffoldSimilarity(
        a,
        new Map([
          ['x', 2],
          ['z', 1],
        ]),
      ),
    ).toBeCloseTo(2 / Math.sqrt(5 * 5), 15);
  });

  it('pass the filters when no PAINS and no exclusion matches, among valid molecules only', () => {
    // Acetyl chloride is an acid halide, NIBR's exclusion; the rhodanine a PAINS (ene_rhod_A).
    expect(filterPassRate(rdkit, ['CCO', 'CC(=O)Cl', 'O=C1C(=Cc2ccccc2)SC(=S)N1', 'not a molecule'])).toBe(
      1 / 3,
    );
  });

  it('say what they cannot measure: no valid molecule is NaN, not 0 or 1', () => {
    expect(readGenerated(rdkit, ['C1CC(', '', 'CCO']).map((m) => m?.canonical ?? null)).toEqual([
      null,
      null,
      'CCO',
    ]);
    expect(uniqueness([], 10)).toBeNaN();
    expect(novelty([], new Set())).toBeNaN();
    expect(internalDiversity([], 1)).toBeNaN();
    expect(nearestNeighbourSimilarity([], [])).toBeNaN();
    expect(fragmentSimilarity(new Map(), fragmentCounts(rdkit, ['CCO']))).toBeNaN();
    expect(
      scaffoldSimilarity(scaffoldCounts(rdkit, ['CCCC']), scaffoldCounts(rdkit, ['c1ccccc1Cc1ccccc1'])),
    ).toBeNaN();
    expect(filterPassRate(rdkit, ['C1CC(', ''])).toBeNaN();
    expect(filterPassRate(rdkit, [])).toBeNaN();
  });
});
