// The Fréchet distance between two sets of molecules over RDKit descriptors: a stand-in for MOSES's and
// GuacaMol's FCD, which measures the same distance over the activations of ChemNet, a network whose
// weights cannot be had offline. Descriptors are standardised by the reference set first, so that no
// one of them (molecular weight, in hundreds) outweighs the rest.
import { DESCRIPTOR_NAMES, type DescriptorName, type Descriptors } from '../descriptors/descriptors.js';

/**
 * Eigenvalues and eigenvectors (the columns of `vectors`) of a symmetric matrix (row-major, n × n), by
 * cyclic Jacobi rotations: small matrices (descriptors, tens of rows), to full precision.
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k * n + p]!, a[k * n + q]!];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
          const [vkp, vkq] = [v[k * n + p]!, v[k * n + q]!];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p * n + k]!, a[q * n + k]!];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/** Means and sample covariance (n - 1) of rows of `d` values. */
function moments(rows: readonly Float64Array[], d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (const r of rows) for (let i = 0; i < d; i++) mean[i]! += r[i]! / rows.length;
  const cov = new Float64Array(d * d);
  for (const r of rows)
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++)
        cov[i * d + j]! += ((r[i]! - mean[i]!) * (r[j]! - mean[j]!)) / (rows.length - 1);
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i]!;
  return { mean, cov };
}

/** `a · b` of two n × n row-major matrices. */
function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik !== 0) for (let j = 0; j < n; j++) out[i * n + j]! += aik * b[k * n + j]!;
    }
  return out;
}

/** The square root of a symmetric positive semi-definite matrix, through its eigenvectors. */
function sqrtSymmetric(m: Float64Array, n: number): Float64Array {
  const { values, vectors: v } = symmetricEigen(m, n);
  const out = new Float64Array(n * n);
  for (let e = 0; e < n; e++) {
    const root = Math.sqrt(Math.max(0, values[e]!));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) out[i * n + j]! += root * v[i * n + e]! * v[j * n + e]!;
  }
  return out;
}

/**
 * How many of the reference's deviations a standardised descriptor may lie from its mean: beyond, it is
 * clipped. Some descriptors explode on a few molecules (kappa3 divides by the count of paths of three
 * bonds: a tert-butoxide's is about 9,500, 3,900 deviations out), and one such molecule would otherwise
 * decide the distance of a whole set.
 */
const CLIP = 10;

/**
 * The Fréchet distance between the descriptor distributions of two sets of molecules, each taken as a
 * Gaussian: `|m1 - m2|² + Tr(S1 + S2 - 2 (S1 S2)^½)`, over the descriptors standardised by the
 * reference set's means and (population) deviations and clipped at 10 deviations; a descriptor constant
 * in the reference is only centred. 0 for two sets alike; it grows as the generated set drifts from the reference.
 * Tr (S1 S2)^½ is the trace of the square root of the symmetric S1^½ S2 S1^½, which has the same
 * eigenvalues.
 */
export function frechetDescriptorDistance(
  generated: readonly Descriptors[],
  reference: readonly Descriptors[],
  names: readonly DescriptorName[] = DESCRIPTOR_NAMES,
): number {
  const d = names.length;
  if (generated.length < 2 || reference.length < 2) return Number.NaN;
  const rows = (set: readonly Descriptors[]) => set.map((m) => Float64Array.from(names, (n) => m[n]));
  const ref = rows(reference);
  const { mean } = moments(ref, d);
  const std = new Float64Array(d);
  for (const r of ref) for (let i = 0; i < d; i++) std[i]! += (r[i]! - mean[i]!) ** 2 / ref.length;
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]!) || 1;
  const scale = (r: Float64Array) =>
    r.map((x, i) => Math.min(CLIP, Math.max(-CLIP, (x - mean[i]!) / std[i]!)));
  const g = moments(rows(generated).map(scale), d);
  const r = moments(ref.map(scale), d);
  const root = sqrtSymmetric(g.cov, d);
  const inner = multiply(multiply(root, r.cov, d), root, d);
  const traceRoot = symmetricEigen(inner, d).values.reduce((s, e) => s + Math.sqrt(Math.max(0, e)), 0);
  let distance = 0;
  for (let i = 0; i < d; i++)
    distance += (g.mean[i]! - r.mean[i]!) ** 2 + g.cov[i * d + i]! + r.cov[i * d + i]!;
  return distance - 2 * traceRoot;
}
