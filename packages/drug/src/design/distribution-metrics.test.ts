import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '../rdkit/rdkit.js';
import {
  internalDiversity,
  nearestNeighbourSimilarity,
  novelty,
  readGenerated,
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
    'validity' | 'unique@100' | 'unique@1000' | 'novelty' | 'intDiv1' | 'intDiv2' | 'snn',
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
  });
});
