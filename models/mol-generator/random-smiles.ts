// Randomised SMILES for training (Arús-Pous et al. 2019, "Randomized SMILES strings improve the quality of
// molecular generative models"): the same molecule written from a random atom order, as RDKit's
// MolToSmiles(doRandom=True) writes it ("restricted" randomised SMILES), but drawn from a seeded source so
// that the training data can be made again. A model trained on one canonical spelling per molecule learns
// the canonical ranking as well as the chemistry; spelled anew each epoch, it sees each molecule from many
// sides and generalises from few molecules.
import { shuffled } from '@strata/core';
import type { RDKit } from '@strata/drug';

interface RdkitJson {
  molecules: { atoms: object[]; bonds: { atoms: [number, number] }[]; extensions?: unknown }[];
}

/** `n` indices in a random order drawn from `random`. */
const permutation = (n: number, random: () => number) =>
  shuffled(
    Array.from({ length: n }, (_, i) => i),
    random,
  );

/**
 * `smiles` written again with its atoms renumbered at random: RDKit's non-canonical writer then starts at
 * the first atom and takes branches in atom order, so each draw is another valid spelling of the molecule
 * (aromatic, no stereochemistry). Throws when RDKit cannot read `smiles`.
 */
export function randomSmiles(rdkit: RDKit, smiles: string, random: () => number): string {
  const json = rdkit.withMol(smiles, (m) => JSON.parse(m.get_json()) as RdkitJson);
  if (!json) throw new Error(`RDKit cannot read ${smiles}`);
  const mol = json.molecules[0]!;
  const order = permutation(mol.atoms.length, random);
  const position = new Array<number>(order.length);
  order.forEach((old, k) => (position[old] = k));
  mol.atoms = order.map((old) => mol.atoms[old]!);
  mol.bonds = permutation(mol.bonds.length, random).map((b) => {
    const bond = mol.bonds[b]!;
    return { ...bond, atoms: [position[bond.atoms[0]]!, position[bond.atoms[1]]!] };
  });
  // The extension (aromaticity, rings) is indexed by the old numbering: RDKit perceives it again.
  delete mol.extensions;
  const written = rdkit.withMol(JSON.stringify(json), (m) =>
    m.get_smiles(JSON.stringify({ canonical: false, doIsomericSmiles: false })),
  );
  if (!written) throw new Error(`RDKit cannot read ${smiles} renumbered`);
  return written;
}
