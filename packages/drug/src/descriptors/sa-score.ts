import { InvalidArgumentError } from '@strata/core';
import { morganFeatures } from '../fingerprints/morgan-features.js';
import { molGraph, rdkitExtras, type MolGraph } from '../rdkit/mol-graph.js';
import type { RDKitMol } from '../rdkit/rdkit.js';
import { descriptorsOf, type Descriptors } from './descriptors.js';

/**
 * The synthetic accessibility score of Ertl & Schuffenhauer (2009), 1 (easy) to 10 (hard), computed as
 * RDKit's Contrib `sascorer.py` does: fragment contributions of the molecule's unfolded Morgan radius-2
 * features, less penalties for size, stereocentres, spiro and bridgehead atoms and macrocycles, with the
 * fingerprint-density correction.
 *
 * @example
 * ```ts
 * const sa = await loadSaScorer(); // from @strata/drug/node
 * rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', (mol) => sa.score(mol)); // 1.58
 * ```
 */
export class SaScorer {
  private constructor(
    private readonly ids: Uint32Array,
    private readonly scores: Float64Array,
  ) {}

  /** From the fragment contributions as JSON text: `{ "<feature id>": score, ... }`. */
  static fromJson(text: string): SaScorer {
    const table = JSON.parse(text) as Record<string, number>;
    const entries = Object.entries(table).map(([k, v]) => [Number(k), v] as const);
    if (
      !entries.length ||
      entries.some(([k, v]) => !Number.isInteger(k) || k < 0 || k > 0xffffffff || !Number.isFinite(v))
    ) {
      throw new InvalidArgumentError(
        'fragments',
        'SA fragment scores must map 32-bit feature ids to numbers',
      );
    }
    entries.sort((a, b) => a[0] - b[0]);
    return new SaScorer(
      Uint32Array.from(entries, (e) => e[0]),
      Float64Array.from(entries, (e) => e[1]),
    );
  }

  /**
   * From the compact table bundled with this package (`scripts/sa-table.mjs` writes it): distinct
   * scores, then ids ascending, then each id's score index. Loads in milliseconds.
   */
  static fromBinary(bytes: Uint8Array): SaScorer {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const magic = String.fromCharCode(...bytes.subarray(0, 4));
    if (magic !== 'SAFR' || view.getUint32(4, true) !== 1)
      throw new InvalidArgumentError('fragments', 'not an SA fragment table (version 1)');
    const n = view.getUint32(8, true);
    const k = view.getUint32(12, true);
    const distinct = new Float64Array(k);
    for (let i = 0; i < k; i++) distinct[i] = view.getFloat64(16 + 8 * i, true);
    const ids = new Uint32Array(n);
    const scores = new Float64Array(n);
    const idsAt = 16 + 8 * k;
    const indexAt = idsAt + 4 * n;
    for (let i = 0; i < n; i++) {
      ids[i] = view.getUint32(idsAt + 4 * i, true);
      scores[i] = distinct[view.getUint16(indexAt + 2 * i, true)]!;
    }
    return new SaScorer(ids, scores);
  }

  /** The contribution of one feature, or -4 for a feature never seen in the reference set. */
  contribution(id: number): number {
    let [lo, hi] = [0, this.ids.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === id) return this.scores[mid]!;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -4;
  }

  /** The SA score of a molecule (pass its descriptors and graph if you already have them). */
  score(
    mol: RDKitMol,
    descriptors: Descriptors = descriptorsOf(mol),
    graph: MolGraph = molGraph(mol),
  ): number {
    const features = morganFeatures(mol, 2, graph);
    let score1 = 0;
    let nf = 0;
    for (const [id, count] of features) {
      nf += count;
      score1 += this.contribution(id) * count;
    }
    score1 /= nf;
    const nAtoms = graph.molecules[0]!.atoms.length;
    const rings = rdkitExtras(graph)?.atomRings ?? [];
    const macrocycles = rings.filter((r) => r.length > 8).length;
    const score2 =
      -(nAtoms ** 1.005 - nAtoms) -
      Math.log10(descriptors.NumAtomStereoCenters + 1) -
      Math.log10(descriptors.NumSpiroAtoms + 1) -
      Math.log10(descriptors.NumBridgeheadAtoms + 1) -
      (macrocycles > 0 ? Math.log10(2) : 0);
    const score3 = nAtoms > features.size ? Math.log(nAtoms / features.size) * 0.5 : 0;
    let sa = 11 - ((score1 + score2 + score3 + 4 + 1) / 6.5) * 9;
    if (sa > 8) sa = 8 + Math.log(sa + 1 - 9);
    return Math.min(10, Math.max(1, sa));
  }
}
