import type { RDKitMol } from './rdkit.js';

/**
 * A molecule's graph as RDKit's JSON gives it (`get_json()`): atoms and bonds with the values that
 * differ from `defaults`, and RDKit's own extras (aromatic atoms and bonds, the SSSR rings).
 */
export interface MolGraph {
  readonly defaults: {
    readonly atom: {
      readonly z: number;
      readonly impHs: number;
      readonly chg: number;
      readonly isotope: number;
    };
    readonly bond: { readonly bo: number };
  };
  readonly molecules: {
    atoms: { z?: number; impHs?: number; chg?: number; isotope?: number }[];
    bonds?: { atoms: [number, number]; bo?: number }[];
    extensions?: {
      name: string;
      aromaticAtoms?: number[];
      aromaticBonds?: number[];
      atomRings?: number[][];
    }[];
  }[];
}

/** Parses a molecule's graph once, for the several computations that read it. */
export function molGraph(mol: RDKitMol): MolGraph {
  return JSON.parse(mol.get_json()) as MolGraph;
}

/** RDKit's extras of a graph: aromatic atoms and bonds, and the SSSR rings. */
export function rdkitExtras(
  graph: MolGraph,
): NonNullable<MolGraph['molecules'][number]['extensions']>[number] | undefined {
  return graph.molecules[0]!.extensions?.find((e) => e.name === 'rdkitRepresentation');
}
