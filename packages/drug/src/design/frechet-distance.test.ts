import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptorsOf, type DescriptorName, type Descriptors } from '../descriptors/descriptors.js';
import { RDKit } from '../rdkit/rdkit.js';
import { frechetDescriptorDistance, symmetricEigen } from './frechet-distance.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/distribution-reference.json', import.meta.url), 'utf8'),
) as {
  generated: string[];
  reference: string[];
  descriptors: DescriptorName[];
  matrices: { names: DescriptorName[]; generated: number[][]; reference: number[][] };
  values: { frechetDescriptors: number; frechetMatrices: number };
};

describe('the Fréchet distance over RDKit descriptors', () => {
  it('is numpy’s to 1e-7 on the same descriptor matrices (all 43 descriptors)', () => {
    const { names, generated, reference } = fixture.matrices;
    const rows = (m: number[][]) =>
      m.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]!])) as Descriptors);
    const distance = frechetDescriptorDistance(rows(generated), rows(reference), names);
    expect(Math.abs(distance / fixture.values.frechetMatrices - 1)).toBeLessThan(1e-7);
  });

  it('is within 2% of numpy’s over Python RDKit 2022’s descriptors of NCI sets', async () => {
    const rdkit = await RDKit.load();
    const describe = (smiles: string[]) => smiles.flatMap((s) => rdkit.withMol(s, descriptorsOf) ?? []);
    // Over the descriptors both RDKit versions compute alike (2026's chi2n and chi2v differ from 2022's for
    // every molecule); NumHBA still differs on a few molecules, and a few are read differently.
    const distance = frechetDescriptorDistance(
      describe(fixture.generated),
      describe(fixture.reference),
      fixture.descriptors,
    );
    expect(Math.abs(distance / fixture.values.frechetDescriptors - 1)).toBeLessThan(0.02);
  });

  it('is 0 for a set against itself and grows as one set drifts', async () => {
    const rdkit = await RDKit.load();
    const set = fixture.reference.slice(0, 300).flatMap((s) => rdkit.withMol(s, descriptorsOf) ?? []);
    // Zero up to the square root of a 43 x 43 matrix by Jacobi rotations.
    expect(Math.abs(frechetDescriptorDistance(set, set))).toBeLessThan(1e-5);
    const heavier = set.map((d) => ({ ...d, amw: d.amw + 50, exactmw: d.exactmw + 50 }));
    const heaviest = set.map((d) => ({ ...d, amw: d.amw + 150, exactmw: d.exactmw + 150 }));
    const near = frechetDescriptorDistance(heavier, set);
    expect(near).toBeGreaterThan(0);
    expect(frechetDescriptorDistance(heaviest, set)).toBeGreaterThan(near);
  });

  it('finds the eigenvalues of a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect([...values].sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([1, 3, 5]);
    // Orthonormal eigenvectors.
    const dot = (i: number, j: number) =>
      [0, 1, 2].reduce((s, k) => s + vectors[k * 3 + i]! * vectors[k * 3 + j]!, 0);
    expect(dot(0, 0)).toBeCloseTo(1, 12);
    expect(dot(0, 1)).toBeCloseTo(0, 12);
  });
});
