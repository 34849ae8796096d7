import type { RDKitMol } from '../rdkit/rdkit.js';

/** A bit fingerprint packed into 32-bit words: bit i is `(words[i >>> 5] >>> (i & 31)) & 1`. */
export type Fingerprint = Uint32Array;

/** Options of {@link morganFingerprint}. */
export interface MorganOptions {
  /** Radius (2 is ECFP4-like). @defaultValue `2` */
  readonly radius?: number;
  /** Length in bits, a multiple of 32. @defaultValue `2048` */
  readonly nBits?: number;
}

const details = new Map<string, string>();

/**
 * The Morgan bit fingerprint of a molecule, bit for bit what Python's
 * `rdFingerprintGenerator.GetMorganGenerator(radius, fpSize).GetFingerprint(mol)` gives.
 */
export function morganFingerprint(mol: RDKitMol, options: MorganOptions = {}): Fingerprint {
  const radius = options.radius ?? 2;
  const nBits = options.nBits ?? 2048;
  const key = `${radius}:${nBits}`;
  let json = details.get(key);
  if (!json) details.set(key, (json = JSON.stringify({ radius, nBits })));
  const bytes = mol.get_morgan_fp_as_uint8array(json) as Uint8Array;
  // RDKit packs bits least-significant first, byte by byte: on a little-endian host that is our layout.
  const words = new Uint32Array(nBits >>> 5);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/** Number of set bits in a 32-bit word. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of set bits of a fingerprint. */
export function bitCount(fp: Fingerprint): number {
  let n = 0;
  for (let i = 0; i < fp.length; i++) n += popcount32(fp[i]!);
  return n;
}

/** Indices of the set bits, ascending. */
export function onBits(fp: Fingerprint): number[] {
  const out: number[] = [];
  for (let w = 0; w < fp.length; w++)
    for (let x = fp[w]!; x; x &= x - 1) out.push(w * 32 + (31 - Math.clz32(x & -x)));
  return out;
}

/** Tanimoto similarity |a∧b| / |a∨b| (1 for two empty fingerprints, as RDKit gives). */
export function tanimoto(a: Fingerprint, b: Fingerprint): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += popcount32(a[i]! & b[i]!);
    either += popcount32(a[i]! | b[i]!);
  }
  return either ? both / either : 1;
}

/** Dice similarity 2|a∧b| / (|a| + |b|). */
export function dice(a: Fingerprint, b: Fingerprint): number {
  let both = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    both += popcount32(a[i]! & b[i]!);
    total += popcount32(a[i]!) + popcount32(b[i]!);
  }
  return total ? (2 * both) / total : 1;
}
