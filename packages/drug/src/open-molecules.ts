import { createReadStream } from 'node:fs';
import type { MoleculeRecord } from './readers/record.js';
import { readMolecules, type ReadMoleculesOptions } from './readers/read-molecules.js';

/**
 * Streams the molecules of a file (SMILES, CSV, TSV or SD, gzip or not; format from the extension,
 * else from the content).
 */
export function openMolecules(
  path: string,
  options: ReadMoleculesOptions = {},
): AsyncGenerator<MoleculeRecord> {
  return readMolecules(createReadStream(path, { highWaterMark: 1 << 20 }), { name: path, ...options });
}
