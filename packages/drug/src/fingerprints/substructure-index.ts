import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import {
  atomRequirements,
  satisfies,
  smilesAtomCounts,
  type AtomCounts,
} from '../filters/atom-requirements.js';
import { mergeQueryHs } from '../filters/merge-query-hs.js';
import type { RDKit } from '../rdkit/rdkit.js';

/** Options of {@link SubstructureIndex.search}. */
export interface SubstructureSearchOptions {
  /** Stop after this many hits. @defaultValue all */
  readonly maxResults?: number;
  /** Match stereochemistry. @defaultValue `false` */
  readonly useChirality?: boolean;
  /** Checked every few thousand molecules. */
  readonly signal?: AbortSignal;
}

/**
 * Substructure search over a molecule library: each molecule is kept as canonical SMILES with its atom
 * counts, so a query skips every molecule lacking the atoms it needs before RDKit matches the rest.
 * Every hit is found (unlike RDKit's SubstructLibrary defaults, there is no cap of 1,000 and chirality
 * is ignored unless asked for); explicit `[#1]` atoms of a SMARTS are merged as Python's RDKit does.
 *
 * @example
 * ```ts
 * const index = new SubstructureIndex(rdkit);
 * for (const smiles of library) index.add(smiles);
 * index.search('c1ccccc1[N+](=O)[O-]'); // indices of the nitrobenzenes
 * ```
 */
export class SubstructureIndex {
  private readonly smiles: string[] = [];
  private readonly counts: AtomCounts[] = [];

  constructor(private readonly rdkit: RDKit) {}

  /** Number of molecules held (including those RDKit could not read, which never match). */
  get size(): number {
    return this.smiles.length;
  }

  /** Adds a molecule (SMILES or molblock); returns its index, or -1 when RDKit cannot read it. */
  add(molecule: string): number {
    const smiles = this.rdkit.withMol(molecule, (m) => m.get_smiles());
    this.smiles.push(smiles ?? '');
    this.counts.push(smiles ? smilesAtomCounts(smiles) : new Map<string, number>());
    return smiles ? this.smiles.length - 1 : -1;
  }

  /** Indices of the molecules that contain the query (a SMARTS or SMILES), in library order. */
  search(query: string, options: SubstructureSearchOptions = {}): number[] {
    const max = options.maxResults ?? Infinity;
    if (!(max >= 1)) throw new InvalidArgumentError('maxResults', `maxResults must be >= 1, got ${max}`);
    const smarts = mergeQueryHs(query);
    const need = atomRequirements(smarts);
    const compiled = this.rdkit.compileQuery(smarts);
    const details = JSON.stringify({ useChirality: options.useChirality ?? false });
    const hits: number[] = [];
    try {
      for (let i = 0; i < this.smiles.length && hits.length < max; i++) {
        if (i % 4096 === 0) throwIfAborted(options.signal);
        if (!this.smiles[i] || !satisfies(this.counts[i]!, need)) continue;
        const match = this.rdkit.withMol(
          this.smiles[i]!,
          (m) => m.get_substruct_match(compiled, details) !== '{}',
        );
        if (match) hits.push(i);
      }
    } finally {
      compiled.delete();
    }
    return hits;
  }
}
