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
  // Node's default 64 KiB reads: a chunk of 1 MiB decodes to a string too big for V8's young generation,
  // and such strings pile up until a full GC, which put up to 80 MiB on a 1,000,000-molecule read.
  return readMolecules(createReadStream(path, { highWaterMark: 1 << 16 }), { name: path, ...options });
}
