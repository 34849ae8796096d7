import { mulberry32 } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RDKit } from '../../rdkit/rdkit.js';
import { GraphBreeder, type Bred } from './breeder.js';
import { cutChain, cutRing } from './crossover.js';
import { graphOf, toSmiles } from './edit-graph.js';
import { mutations } from './mutations.js';
import { ringInfo, ringsAcceptable } from './rings.js';

let rdkit: RDKit;
let breeder: GraphBreeder;
const read = (smiles: string): Bred => {
  const m = breeder.read(smiles);
  if (!m) throw new Error(`cannot read ${smiles}`);
  return m;
};
/** The graph of a molecule as RDKit reads it, all its fragments kept. */
const graphOf2 = (smiles: string) => rdkit.withMol(smiles, (m) => graphOf(m))!;
const PARENTS = [
  'CC(=O)Oc1ccccc1C(=O)O',
  'CN1CCN(CC1)c1ccc(NC(=O)c2ccccc2)cc1',
  'O=C(O)c1ccc2ccccc2c1',
  'COc1ccc2[nH]cc(CCN)c2c1',
  'Clc1ccc(cc1)C1(O)CCN(CC1)C',
];

beforeAll(async () => {
  rdkit = await RDKit.load();
  breeder = new GraphBreeder(rdkit);
});

describe("Jensen's graph operators", () => {
  it('find ring bonds and the smallest ring through each atom', () => {
    const naphthalene = read('c1ccc2ccccc2c1').graph;
    expect([...ringInfo(naphthalene).atomRing]).toEqual(new Array(10).fill(6));
    const toluene = read('Cc1ccccc1').graph;
    expect([...ringInfo(toluene).bondRing].filter((s) => s === 0)).toHaveLength(1);
    expect(ringsAcceptable(read('C1=CC1').graph, 6)).toBe(false);
    expect(ringsAcceptable(read('C1CCCCCCC1').graph, 6)).toBe(false);
    expect(ringsAcceptable(read('C1CCCCCCC1').graph, 8)).toBe(true);
  });

  it('cut a molecule in two at an acyclic single bond or across a ring', () => {
    const random = mulberry32(7);
    const m = read('CN1CCN(CC1)c1ccc(NC(=O)c2ccccc2)cc1').graph;
    for (let i = 0; i < 20; i++) {
      const chain = cutChain(m, random)!;
      expect(chain[0].graph.atoms.length + chain[1].graph.atoms.length).toBe(m.atoms.length);
      expect(chain.map((f) => f.attach.length)).toEqual([1, 1]);
      const ring = cutRing(m, random);
      if (ring) expect(ring.map((f) => f.attach.length)).toEqual([2, 2]);
    }
    expect(cutRing(read('CCCCO').graph, random)).toBeNull();
  });

  it('mutate into many different molecules, every one read and sanitised by RDKit', () => {
    const random = mulberry32(3);
    const m = read('Cc1ccc(OCCOc2ccc(CC3SC(=O)NC3=O)cc2)cc1');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const child = breeder.mutate(m, random);
      if (!child) continue;
      expect(rdkit.withMol(child.smiles, (x) => x.get_smiles())).toBe(child.smiles);
      expect(rdkit.withMol(toSmiles(child.graph), (x) => x.get_smiles())).toBe(child.smiles);
      seen.add(child.smiles);
    }
    expect(seen.size).toBeGreaterThan(80);
    expect(seen.has(m.smiles)).toBe(false);
  });

  it('offer products of every kind of mutation', () => {
    const random = mulberry32(11);
    const g = read('CC1=CC(=O)N(C1)CC#N').graph;
    const sizes = new Set<number>();
    for (let i = 0; i < 300; i++)
      for (const p of mutations(g, random)) sizes.add(p.atoms.length - g.atoms.length);
    // Atoms inserted or appended (+1), bonds changed (0), atoms deleted (-1).
    expect([...sizes].sort()).toEqual([-1, 0, 1]);
  });

  it('make children unlike both parents, the same ones for the same seed', () => {
    const children = (seed: number) => {
      const random = mulberry32(seed);
      const out: string[] = [];
      for (let i = 0; i < 60; i++) {
        const a = read(PARENTS[i % PARENTS.length]!);
        const b = read(PARENTS[(i * 3 + 1) % PARENTS.length]!);
        const child = breeder.child(a, b, random);
        if (child) {
          expect(child.smiles).not.toBe(a.smiles);
          expect(child.smiles).not.toBe(b.smiles);
          out.push(child.smiles);
        }
      }
      return out;
    };
    const first = children(5);
    expect(first.length).toBeGreaterThan(40);
    expect(new Set(first).size).toBeGreaterThan(30);
    expect(children(5)).toEqual(first);
    expect(children(6)).not.toEqual(first);
  });

  it('count the proposals RDKit refuses instead of failing on them', () => {
    const b = new GraphBreeder(rdkit, { mutationRate: 1 });
    const random = mulberry32(1);
    for (let i = 0; i < 50; i++) b.child(read(PARENTS[0]!), read(PARENTS[1]!), random);
    expect(b.counts.proposed).toBeGreaterThan(50);
    expect(b.counts.invalid).toBeGreaterThan(0);
    expect(b.counts.invalid).toBeLessThan(b.counts.proposed / 2);
  });

  it('breed molecules of several fragments (salts) as their largest, and never cut a piece with no end', () => {
    const b = new GraphBreeder(rdkit, { mutationRate: 1 });
    const random = mulberry32(7);
    expect(read('Cl.c1ccc2ccccc2c1').smiles).toBe('c1ccc2ccccc2c1');
    const children = [];
    const [a, c] = [read(`${PARENTS[1]}.Cl`), read(`${PARENTS[2]}.[Na+].O`)];
    expect(a.smiles).toBe(read(PARENTS[1]!).smiles);
    for (let i = 0; i < 100; i++) children.push(b.child(a, c, random));
    expect(children.filter(Boolean).length).toBeGreaterThan(10);
    // A graph of two fragments given to the operators themselves: no cut, or pieces that each hold an end.
    const salt = { smiles: 'c1ccc2ccccc2c1.Cl', graph: graphOf2('c1ccc2ccccc2c1.Cl') };
    for (let i = 0; i < 100; i++) {
      b.crossover(salt, read('c1ccc2ccccc2c1CCO'), random);
      for (const pair of [cutRing(salt.graph, random), cutChain(salt.graph, random)])
        for (const piece of pair ?? []) expect(piece.attach.length).toBeGreaterThan(0);
    }
  });

  it('leave molecules with bonds it cannot edit alone', () => {
    expect(breeder.read('not a molecule')).toBeNull();
    expect(breeder.read('CN(C)C[C-]12C3=C4C5=C1[Fe++]23456789[C-]%10C6=C7C8=C9%10')).toBeNull();
  });
});
