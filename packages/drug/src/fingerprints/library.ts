import { InvalidArgumentError } from '@strata/core';
import { popcount32, type Fingerprint } from './bits.js';

/** One hit of a similarity search. */
export interface SimilarityHit {
  /** Index of the molecule in the library (in the order it was added). */
  readonly index: number;
  readonly similarity: number;
}

/** Options of {@link FingerprintLibrary.search}. */
export interface SearchOptions {
  /** How many hits to return, best first. @defaultValue `10` */
  readonly k?: number;
  /** Hits below this similarity are left out. @defaultValue `0` */
  readonly threshold?: number;
  /** @defaultValue `'tanimoto'` */
  readonly metric?: 'tanimoto' | 'dice';
}

/**
 * Fingerprints of a molecule library in one flat array, searched by brute force with popcounts on
 * 32-bit words (millions of comparisons a second) and a bounded heap for the top k. Bit counts are
 * kept per molecule, so a comparison only counts the common bits, and molecules whose bit count rules
 * out reaching the threshold are skipped without being compared.
 *
 * @example
 * ```ts
 * const lib = new FingerprintLibrary(2048);
 * for (const fp of fps) lib.add(fp);
 * lib.search(queryFp, { k: 5 }); // [{ index, similarity }, ...]
 * ```
 */
export class FingerprintLibrary {
  private words: Uint32Array;
  private counts: Uint16Array;
  private n = 0;
  private readonly width: number;

  constructor(
    readonly nBits: number,
    capacity = 1024,
  ) {
    if (nBits % 32 || nBits <= 0)
      throw new InvalidArgumentError(
        'nBits',
        `fingerprint length must be a positive multiple of 32, got ${nBits}`,
        {
          value: nBits,
        },
      );
    this.width = nBits / 32;
    this.words = new Uint32Array(capacity * this.width);
    this.counts = new Uint16Array(capacity);
  }

  /** Number of fingerprints held. */
  get size(): number {
    return this.n;
  }

  /** Adds a fingerprint; returns its index. */
  add(fp: Fingerprint): number {
    if (fp.length !== this.width)
      throw new InvalidArgumentError(
        'fp',
        `expected a ${this.nBits}-bit fingerprint, got ${fp.length * 32} bits`,
      );
    if (this.n === this.counts.length) this.grow();
    this.words.set(fp, this.n * this.width);
    let c = 0;
    for (let i = 0; i < fp.length; i++) c += popcount32(fp[i]!);
    this.counts[this.n] = c;
    return this.n++;
  }

  /** The fingerprint at an index (a view, not a copy). */
  at(index: number): Fingerprint {
    return this.words.subarray(index * this.width, (index + 1) * this.width);
  }

  /** The k most similar library members to `query`, best first (ties by lower index). */
  search(query: Fingerprint, options: SearchOptions = {}): SimilarityHit[] {
    const k = options.k ?? 10;
    const threshold = options.threshold ?? 0;
    const dice = options.metric === 'dice';
    if (!Number.isInteger(k) || k < 1)
      throw new InvalidArgumentError('k', `k must be a whole number >= 1, got ${k}`);
    let qc = 0;
    for (let i = 0; i < query.length; i++) qc += popcount32(query[i]!);
    const heap = new TopK(k);
    const { words, counts, width } = this;
    for (let m = 0; m < this.n; m++) {
      const c = counts[m]!;
      // The best possible score with these bit counts: all of the smaller set in common.
      const best = dice ? (2 * Math.min(c, qc)) / (c + qc || 1) : Math.min(c, qc) / (Math.max(c, qc) || 1);
      if (best < threshold || best < heap.floor) continue;
      let both = 0;
      const base = m * width;
      for (let i = 0; i < width; i++) {
        let x = words[base + i]! & query[i]!;
        x -= (x >>> 1) & 0x55555555;
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        both += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
      }
      const union = c + qc - both;
      const s = dice ? (c + qc ? (2 * both) / (c + qc) : 1) : union ? both / union : 1;
      if (s >= threshold) heap.push(m, s);
    }
    return heap.sorted();
  }

  private grow(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    const counts = new Uint16Array(this.counts.length * 2);
    counts.set(this.counts);
    [this.words, this.counts] = [words, counts];
  }
}

/** A bounded min-heap keeping the k best (similarity, then lower index) hits. */
class TopK {
  private readonly idx: number[] = [];
  private readonly sim: number[] = [];

  constructor(private readonly k: number) {}

  /** The score a new hit must beat once the heap is full. */
  get floor(): number {
    return this.idx.length < this.k ? -Infinity : this.sim[0]!;
  }

  push(index: number, similarity: number): void {
    if (this.idx.length < this.k) {
      this.idx.push(index);
      this.sim.push(similarity);
      this.up(this.idx.length - 1);
    } else if (this.worse(0, index, similarity)) {
      this.idx[0] = index;
      this.sim[0] = similarity;
      this.down(0);
    }
  }

  sorted(): SimilarityHit[] {
    return this.idx
      .map((index, i) => ({ index, similarity: this.sim[i]! }))
      .sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  }

  /** Whether the entry at slot i ranks below (index, similarity). */
  private worse(i: number, index: number, similarity: number): boolean {
    return this.sim[i]! < similarity || (this.sim[i] === similarity && this.idx[i]! > index);
  }

  private swap(a: number, b: number): void {
    [this.idx[a], this.idx[b]] = [this.idx[b]!, this.idx[a]!];
    [this.sim[a], this.sim[b]] = [this.sim[b]!, this.sim[a]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, this.idx[p]!, this.sim[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let m = i;
      if (l < this.idx.length && this.worse(l, this.idx[m]!, this.sim[m]!)) m = l;
      if (r < this.idx.length && this.worse(r, this.idx[m]!, this.sim[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
