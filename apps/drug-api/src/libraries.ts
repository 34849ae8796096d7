import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isStrataError } from '@strata/core';
import { FingerprintLibrary, morganFingerprint, readMolecules, type RDKit } from '@strata/drug';

/**
 * A bundled molecule library: its file (for screens) and its Morgan fingerprints (for similarity).
 * Its molecules are counted one way everywhere: the records the reader yields (no header, no blank
 * line), which are the rows a screen of it writes; `unparsed` of them are those RDKit cannot read.
 */
export interface MoleculeLibrary {
  readonly id: string;
  readonly file: string;
  /** Molecules of the file: the records its reader yields, each a row of a screen of it. */
  readonly records: number;
  /** Of those, the ones RDKit cannot parse: left out of searches, error rows in a screen. */
  readonly unparsed: number;
  readonly ids: readonly (string | null)[];
  readonly smiles: readonly string[];
  readonly fingerprints: FingerprintLibrary;
}

/** The fingerprint every library is searched with: Morgan radius 2, 2,048 bits (ECFP4-like). */
export const LIBRARY_FINGERPRINT = { radius: 2, nBits: 2048 } as const;

/**
 * Reads a SMILES library and fingerprints every molecule it can parse (the others are left out of
 * searches, and counted).
 */
export async function loadLibrary(rdkit: RDKit, id: string, file: string): Promise<MoleculeLibrary> {
  const fingerprints = new FingerprintLibrary(LIBRARY_FINGERPRINT.nBits);
  const ids: (string | null)[] = [];
  const smiles: string[] = [];
  let unparsed = 0;
  for await (const r of readMolecules([await readFile(file)], { name: basename(file) })) {
    // A molecule of the file that breaks RDKit (or is past its limits) is left out like an unparsed one.
    const fp = await rdkit
      .use((k) => k.withMol(r.molecule, (m) => morganFingerprint(m, LIBRARY_FINGERPRINT)))
      .catch((err: unknown) => {
        if (isStrataError(err, 'MOLECULE_TOO_LARGE', 'MOLECULE_UNSUPPORTED')) return null;
        throw err;
      });
    if (!fp) {
      unparsed++;
      continue;
    }
    fingerprints.add(fp);
    ids.push(r.id);
    smiles.push(r.molecule);
  }
  return { id, file, records: smiles.length + unparsed, ids, smiles, fingerprints, unparsed };
}
