// The Bemis–Murcko scaffold of a molecule (Bemis & Murcko 1996) as RDKit's MurckoDecompose makes it,
// which MOSES's Scaf metric counts: the ring atoms and the linkers between rings, plus every atom
// double-bonded to one of them (an exocyclic C=O stays). RDKit's WebAssembly build has no Murcko
// decomposition, so the scaffold is cut out of the molecule's JSON graph and RDKit reads it back.
import { DrugError } from '../errors.js';
import type { RDKit, RDKitMol } from '../rdkit/rdkit.js';
import {
  graphSmiles,
  otherAtom,
  readMolJson,
  type JsonAtom,
  type JsonBond,
  type MolJson,
} from './mol-json.js';

/** A molecule's scaffold: its canonical SMILES ('' for a molecule without rings) and its number of rings. */
export interface Scaffold {
  readonly smiles: string;
  readonly rings: number;
}

/**
 * The Bemis–Murcko scaffold's canonical SMILES, as Python's
 * `Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(mol))` gives it: '' for a molecule without rings.
 * Hydrogens are set as RDKit sets them: an aromatic heteroatom that lost a substituent gets one
 * (`Cn1cccc1` gives `c1cc[nH]c1`), another atom that lost one takes its usual valence and loses its
 * chirality.
 *
 * @example
 * ```ts
 * rdkit.withMol('CC(=O)Nc1ccc(O)cc1', (mol) => murckoScaffold(rdkit, mol)); // 'c1ccccc1'
 * rdkit.withMol('O=C1CCCCC1CC', (mol) => murckoScaffold(rdkit, mol)); // 'O=C1CCCCC1'
 * ```
 */
export function murckoScaffold(rdkit: RDKit, mol: RDKitMol): string {
  return scaffoldOf(rdkit, mol).smiles;
}

/** The scaffold of a molecule and its number of rings (RDKit's rings, which the scaffold keeps all of). */
export function scaffoldOf(rdkit: RDKit, mol: RDKitMol): Scaffold {
  const graph = readMolJson(mol);
  const keep = frameworkAtoms(graph);
  if (!keep.includes(1)) return { smiles: '', rings: 0 };
  const { atoms, bonds } = scaffoldGraph(graph, keep);
  const smiles = graphSmiles(rdkit, graph.frame, atoms, bonds);
  if (smiles === null)
    throw new DrugError('RDKIT_FAILED', `RDKit cannot read the scaffold of ${mol.get_smiles()}`, {
      context: { input: mol.get_smiles() },
    });
  return { smiles, rings: graph.rings.length };
}

/**
 * Ring atoms and the atoms of the paths between them: what is left once side chains are pruned leaf by
 * leaf (1 for kept atoms).
 */
function frameworkAtoms(graph: MolJson): Uint8Array {
  const inRing = new Set(graph.rings.flat());
  const degree = graph.atomBonds.map((b) => b.length);
  const keep = new Uint8Array(graph.atoms.length).fill(1);
  const leaves = degree.flatMap((d, a) => (d <= 1 && !inRing.has(a) ? [a] : []));
  for (let leaf = leaves.pop(); leaf !== undefined; leaf = leaves.pop()) {
    keep[leaf] = 0;
    for (const k of graph.atomBonds[leaf]!) {
      const n = otherAtom(graph.bonds[k]!, leaf);
      if (keep[n] && --degree[n]! === 1 && !inRing.has(n)) leaves.push(n);
    }
  }
  return keep;
}

/**
 * The scaffold's graph: framework atoms, side atoms double-bonded to them, and the hydrogens, charges and
 * stereo RDKit's MurckoDecompose leaves them with.
 */
function scaffoldGraph(graph: MolJson, keep: Uint8Array): { atoms: JsonAtom[]; bonds: JsonBond[] } {
  const { atoms, bonds, atomBonds } = graph;
  /** Framework atoms that lost a neighbour, and side atoms kept for their double bond. */
  const trimmed = new Set<number>();
  const side = new Set<number>();
  atoms.forEach((_, a) => {
    if (keep[a]) return;
    const ks = atomBonds[a]!.filter((k) => keep[otherAtom(bonds[k]!, a)]);
    if (ks.some((k) => bonds[k]!.bo === 2)) side.add(a);
    else for (const k of ks) trimmed.add(otherAtom(bonds[k]!, a));
  });
  const index = new Int32Array(atoms.length).fill(-1);
  const kept = atoms.flatMap((_, a) => (keep[a] || side.has(a) ? [a] : []));
  kept.forEach((a, i) => (index[a] = i));
  const outAtoms = kept.map((a): JsonAtom => {
    const atom = atoms[a]!;
    if (trimmed.has(a)) {
      // An aromatic heteroatom (or aromatic carbocation) gets a hydrogen; any other atom loses its
      // chirality and takes its usual valence.
      if (graph.aromaticAtoms.has(a) && (atom.z !== 6 || atom.chg === 1)) return { ...atom, impHs: 1 };
      return { ...atom, stereo: 'unspecified', impHs: defaultHs(atom, valence(graph, a, index)) };
    }
    // A side atom whose own side chain went: RDKit recounts its hydrogens unless they were written.
    const now = valence(graph, a, index);
    if (side.has(a) && now !== valence(graph, a) && implicitHs(atom, valence(graph, a)))
      return { ...atom, impHs: defaultHs(atom, now) };
    return atom;
  });
  return { atoms: outAtoms, bonds: scaffoldBonds(graph, index) };
}

/** The bonds between kept atoms (`index` ≥ 0), renumbered, in their order. */
function scaffoldBonds(graph: MolJson, index: Int32Array): JsonBond[] {
  const out: JsonBond[] = [];
  for (const bond of graph.bonds) {
    const [u, v] = bond.atoms.map((a) => index[a]!) as [number, number];
    if (u < 0 || v < 0) continue;
    const kept: JsonBond = { atoms: [u, v], bo: bond.bo };
    // RDKit forgets a double bond's stereo once one of its reference atoms is removed.
    const ref = bond.stereoAtoms?.map((s) => index[s]!);
    if (bond.stereo && ref && ref[0]! >= 0 && ref[1]! >= 0) {
      kept.stereo = bond.stereo;
      kept.stereoAtoms = [ref[0]!, ref[1]!];
    }
    out.push(kept);
  }
  return out;
}

/**
 * An atom's explicit valence as RDKit counts it, over its bonds to kept atoms (all bonds without
 * `index`): an aromatic bond counts 1.5, and the sum is rounded up from a half.
 */
function valence(graph: MolJson, a: number, index?: Int32Array): number {
  let sum = 0;
  for (const k of graph.atomBonds[a]!) {
    const bond = graph.bonds[k]!;
    if (index && index[otherAtom(bond, a)]! < 0) continue;
    sum += graph.aromaticBonds.has(k) ? 1.5 : bond.bo;
  }
  return Math.round(sum + 0.1);
}

/**
 * Whether RDKit computed an atom's hydrogens rather than read them, as for an atom that a canonical
 * SMILES writes outside brackets: neutral, of the organic subset, unlabelled, and at its usual valence.
 */
function implicitHs(atom: Readonly<Required<JsonAtom>>, valence: number): boolean {
  return (
    atom.chg === 0 &&
    atom.isotope === 0 &&
    atom.nRad === 0 &&
    atom.stereo === 'unspecified' &&
    ORGANIC.has(atom.z) &&
    defaultHs(atom, valence) === atom.impHs
  );
}

const ORGANIC = new Set([5, 6, 7, 8, 9, 15, 16, 17, 35, 53]);

/**
 * RDKit's allowed valences of the main-group elements (its periodic table); other elements (metals) get
 * no implicit hydrogens.
 */
const VALENCES: Readonly<Record<number, readonly number[]>> = {
  1: [1],
  3: [1],
  4: [2],
  5: [3],
  6: [4],
  7: [3],
  8: [2],
  9: [1],
  11: [1],
  12: [2],
  13: [3, 6],
  14: [4, 6],
  15: [3, 5, 7],
  16: [2, 4, 6],
  17: [1],
  19: [1],
  20: [2],
  31: [3],
  32: [4],
  33: [3, 5, 7],
  34: [2, 4, 6],
  35: [1],
  37: [1],
  38: [2],
  49: [3],
  50: [2, 4],
  51: [3, 5, 7],
  52: [2, 4, 6],
  53: [1, 3, 5],
  55: [1],
  56: [2],
  81: [3],
  82: [2, 4],
  83: [3, 5, 7],
  84: [2, 4, 6],
  85: [1, 3, 5],
};
/** Elements left of carbon's group, to which a hydrogen adds as a hydride (a positive charge lowers the valence). */
const EARLY = new Set([3, 4, 5, 11, 12, 13, 19, 20, 31, 37, 38, 49, 55, 56, 81]);

/**
 * Implicit hydrogens RDKit gives an atom with bonds of total order `valence`: the smallest allowed
 * valence (shifted by the charge) that the bonds do not exceed, less the bonds; none for a metal or where
 * no valence is allowed.
 */
function defaultHs(atom: Readonly<Required<JsonAtom>>, valence: number): number {
  const allowed = VALENCES[atom.z] ?? [];
  // Carbon is taken as electronegative whatever its charge (RDKit's choice, for isonitriles).
  const charge = EARLY.has(atom.z) || (atom.z === 6 && atom.chg > 0) ? -atom.chg : atom.chg;
  const used = valence + atom.nRad;
  for (const v of allowed) if (used <= v + charge) return v + charge - used;
  return 0;
}
