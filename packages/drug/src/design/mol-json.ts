// A molecule as RDKit's JSON (`get_json()`), to be edited and read back by RDKit: the graph with Kekulé
// bond orders, hydrogen counts, charges, isotopes and stereo. Stereo survives an edit that keeps each
// atom's bonds in their order: an atom's `cw`/`ccw` is relative to the order its bonds are listed in,
// and a double bond's `cis`/`trans` to its two stereo atoms.
import type { RDKit, RDKitMol } from '../rdkit/rdkit.js';

/** An atom of RDKit's JSON; a field left out takes the value of the JSON's `defaults`. */
export interface JsonAtom {
  z?: number;
  impHs?: number;
  chg?: number;
  nRad?: number;
  isotope?: number;
  stereo?: string;
}

/** A bond of RDKit's JSON: its atoms, its Kekulé order, and its stereo (relative to `stereoAtoms`). */
export interface JsonBond {
  atoms: [number, number];
  bo?: number;
  stereo?: string;
  stereoAtoms?: [number, number];
}

interface MolJsonText {
  rdkitjson: unknown;
  defaults: { atom: Required<JsonAtom>; bond: { bo: number; stereo: string } };
  molecules: {
    atoms: JsonAtom[];
    bonds?: JsonBond[];
    extensions?: {
      name: string;
      aromaticAtoms?: number[];
      aromaticBonds?: number[];
      atomRings?: number[][];
    }[];
  }[];
}

/** A molecule's graph, read from RDKit's JSON with the defaults filled in. */
export interface MolJson {
  readonly atoms: readonly Readonly<Required<JsonAtom>>[];
  readonly bonds: readonly Readonly<JsonBond & { bo: number }>[];
  /** Bond indices of each atom, in the order of the bond list (the order stereo refers to). */
  readonly atomBonds: readonly (readonly number[])[];
  readonly aromaticAtoms: ReadonlySet<number>;
  readonly aromaticBonds: ReadonlySet<number>;
  /** RDKit's rings (symmetrised SSSR), as atom indices in ring order. */
  readonly rings: readonly (readonly number[])[];
  /** The JSON's header and defaults, which an edited graph is written back with. */
  readonly frame: Pick<MolJsonText, 'rdkitjson' | 'defaults'>;
}

/** Reads a molecule's graph from RDKit's JSON. */
export function readMolJson(mol: RDKitMol): MolJson {
  const text = JSON.parse(mol.get_json()) as MolJsonText;
  const { defaults } = text;
  const m = text.molecules[0]!;
  const atoms = m.atoms.map((a) => ({ ...defaults.atom, ...a }));
  const bonds = (m.bonds ?? []).map((b) => ({ bo: defaults.bond.bo, ...b }));
  const atomBonds: number[][] = atoms.map(() => []);
  bonds.forEach((b, i) => {
    atomBonds[b.atoms[0]]!.push(i);
    atomBonds[b.atoms[1]]!.push(i);
  });
  const extra = m.extensions?.find((e) => e.name === 'rdkitRepresentation');
  return {
    atoms,
    bonds,
    atomBonds,
    aromaticAtoms: new Set(extra?.aromaticAtoms),
    aromaticBonds: new Set(extra?.aromaticBonds),
    rings: extra?.atomRings ?? [],
    frame: { rdkitjson: text.rdkitjson, defaults },
  };
}

/** The atom at the other end of a bond. */
export function otherAtom(bond: JsonBond, atom: number): number {
  return bond.atoms[0] === atom ? bond.atoms[1] : bond.atoms[0];
}

/** Indices of the bonds that lie in a ring (in one of RDKit's rings, as SMARTS `@` tests). */
export function ringBonds(graph: MolJson): Set<number> {
  const out = new Set<number>();
  for (const ring of graph.rings)
    ring.forEach((a, i) => {
      const b = ring[(i + 1) % ring.length]!;
      const bond = graph.atomBonds[a]!.find((k) => otherAtom(graph.bonds[k]!, a) === b);
      if (bond !== undefined) out.add(bond);
    });
  return out;
}

/**
 * RDKit's canonical SMILES of an edited graph, or null where RDKit cannot read it. The graph is written
 * Kekulé and without RDKit's extras, so that RDKit perceives rings and aromaticity afresh.
 */
export function graphSmiles(
  rdkit: RDKit,
  frame: MolJson['frame'],
  atoms: readonly JsonAtom[],
  bonds: readonly JsonBond[],
): string | null {
  const json = JSON.stringify({ ...frame, molecules: [{ atoms, bonds }] });
  const stereo =
    atoms.some((a) => a.stereo !== undefined && a.stereo !== 'unspecified') ||
    bonds.some((b) => b.stereo !== undefined && b.stereo !== 'unspecified');
  if (!stereo) return rdkit.withMol(json, (mol) => mol.get_smiles());
  // RDKit-js's stereo perception drops a double bond's cis/trans read from JSON (it looks for bond
  // directions), and without it keeps centres an edit made symmetric: so the graph is read without
  // perception, and its SMILES, which writes cis/trans as bond directions, read again with it.
  const raw = rdkit.withMol(json, (mol) => mol.get_smiles(), { assignStereo: false });
  return raw ? rdkit.withMol(raw, (mol) => mol.get_smiles()) : raw;
}
