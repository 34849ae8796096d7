import { molGraph, rdkitExtras, type MolGraph } from '../rdkit/mol-graph.js';
import type { RDKitMol } from '../rdkit/rdkit.js';

/**
 * Unfolded Morgan features (RDKit's `GetMorganFingerprint(mol, radius)`: 32-bit environment ids with
 * counts), which RDKit-js does not expose. Computed here from the molecule graph RDKit gives, the way
 * RDKit computes them: connectivity invariants (atomic number, total degree, hydrogens, charge, mass
 * delta, ring membership) hashed with boost's hash_combine in 32 bits, grown one bond radius per round,
 * an environment counted once however many atoms reach it. Folding the ids (`id % nBits`) gives RDKit's
 * Morgan bits exactly, which the tests check on every NCI molecule.
 */

/** boost::hash_combine on 32-bit unsigned integers, as RDKit's copy of it does. */
function hashCombine(seed: number, value: number): number {
  return (seed ^ ((value >>> 0) + 0x9e3779b9 + ((seed << 6) >>> 0) + (seed >>> 2))) >>> 0;
}

// Standard atomic weights (RDKit's table) of elements that carry isotopes in practice: the mass
// delta of an isotope-labelled atom is trunc(isotope mass - atomic weight), approximated here with
// the mass number, which gives the same integer for these elements.
const WEIGHTS: Readonly<Record<number, number>> = {
  1: 1.008,
  6: 12.011,
  7: 14.007,
  8: 15.999,
  9: 18.998,
  15: 30.974,
  16: 32.067,
  17: 35.453,
  35: 79.904,
  53: 126.904,
};

const AROMATIC = 12;

/** Unfolded Morgan features of a molecule: environment id to count (pass its graph if you have it). */
export function morganFeatures(
  mol: RDKitMol,
  radius = 2,
  json: MolGraph = molGraph(mol),
): Map<number, number> {
  const m = json.molecules[0]!;
  const d = json.defaults;
  const n = m.atoms.length;
  const bonds = m.bonds ?? [];
  const ext = rdkitExtras(json);
  const aromatic = new Set(ext?.aromaticBonds ?? []);
  const inRing = new Uint8Array(n);
  for (const ring of ext?.atomRings ?? []) for (const a of ring) inRing[a] = 1;

  const near: { bond: number; other: number; type: number }[][] = Array.from({ length: n }, () => []);
  bonds.forEach((b, i) => {
    const type = aromatic.has(i) ? AROMATIC : (b.bo ?? d.bond.bo);
    near[b.atoms[0]]!.push({ bond: i, other: b.atoms[1], type });
    near[b.atoms[1]]!.push({ bond: i, other: b.atoms[0], type });
  });

  const features = new Map<number, number>();
  const count = (id: number) => features.set(id, (features.get(id) ?? 0) + 1);
  let current = m.atoms.map((a, i) => {
    const z = a.z ?? d.atom.z;
    const hs = a.impHs ?? d.atom.impHs;
    const isotope = a.isotope ?? d.atom.isotope;
    const deltaMass = isotope && WEIGHTS[z] ? Math.trunc(isotope - WEIGHTS[z]) : 0;
    const parts = [z, near[i]!.length + hs, hs, a.chg ?? d.atom.chg, deltaMass];
    if (inRing[i]) parts.push(1);
    return parts.reduce((seed, v) => hashCombine(seed, v), 0);
  });
  for (const inv of current) count(inv);

  const words = Math.ceil(bonds.length / 32) || 1;
  let neighbourhoods = Array.from({ length: n }, () => new Uint32Array(words));
  const seen = new Set<string>();
  const dead = new Uint8Array(n);
  for (let layer = 0; layer < radius; layer++) {
    const next = new Array<number>(n).fill(0);
    const round = neighbourhoods.map((b) => b.slice());
    const found: { key: string; inv: number; atom: number }[] = [];
    for (let a = 0; a < n; a++) {
      if (dead[a]) continue;
      if (!near[a]!.length) {
        dead[a] = 1;
        continue;
      }
      const pairs: [number, number][] = [];
      for (const { bond, other, type } of near[a]!) {
        round[a]![bond >>> 5]! |= 1 << (bond & 31);
        for (let w = 0; w < words; w++) round[a]![w]! |= neighbourhoods[other]![w]!;
        pairs.push([type, current[other]!]);
      }
      pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let inv = hashCombine(layer, current[a]!);
      for (const [type, atomInv] of pairs) inv = hashCombine(inv, hashCombine(hashCombine(0, type), atomInv));
      next[a] = inv;
      found.push({ key: round[a]!.join(','), inv, atom: a });
    }
    // Of the atoms that reach the same bonds, the lowest invariant counts; a repeat of an environment
    // seen before ends that atom's growth.
    found.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.inv - y.inv || x.atom - y.atom));
    for (const f of found) {
      if (seen.has(f.key)) dead[f.atom] = 1;
      else {
        count(f.inv);
        seen.add(f.key);
      }
    }
    current = next;
    neighbourhoods = round;
  }
  return features;
}

/**
 * Tanimoto similarity of two count fingerprints (e.g. {@link morganFeatures}): the sum of the smaller
 * counts over the sum of the larger, as RDKit's `DataStructs.TanimotoSimilarity` of two
 * `GetMorganFingerprint`s (GuacaMol's ECFP4 similarity) computes it; 0 for two empty fingerprints.
 */
export function countTanimoto(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number {
  let both = 0;
  let total = 0;
  for (const [k, v] of a) {
    total += v;
    const w = b.get(k);
    if (w !== undefined) both += Math.min(v, w);
  }
  for (const w of b.values()) total += w;
  const union = total - both;
  return union ? both / union : 0;
}
