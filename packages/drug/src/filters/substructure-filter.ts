import { DrugError } from '../errors.js';
import { substructMatches, type RDKit, type RDKitMol } from '../rdkit/rdkit.js';
import { atomRequirements, satisfies, smilesAtomCounts, type AtomCounts } from './atom-requirements.js';
import { mergeQueryHs } from './merge-query-hs.js';

/** A named SMARTS pattern: a structural alert, a PAINS family, a user's own query. */
export interface SmartsPattern {
  readonly name: string;
  readonly smarts: string;
  /** How many times (unique matches) the pattern must occur to count as present. @defaultValue `1` */
  readonly minCount?: number;
}

/**
 * A set of SMARTS patterns compiled once and matched against molecules: which of them a molecule
 * contains. Explicit `[#1]` atoms are merged into H-count queries, as Python's FilterCatalog does.
 * Holds RDKit memory: `dispose()` it.
 *
 * @example
 * ```ts
 * const alerts = new SubstructureFilter(rdkit, [{ name: 'nitro', smarts: '[N+](=O)[O-]' }]);
 * rdkit.withMol('c1ccccc1[N+](=O)[O-]', (mol) => alerts.matches(mol)); // ['nitro']
 * alerts.dispose();
 * ```
 */
export class SubstructureFilter {
  private readonly queries: { name: string; query: RDKitMol; need: AtomCounts; minCount: number }[] = [];

  constructor(
    rdkit: RDKit,
    readonly patterns: readonly SmartsPattern[],
  ) {
    try {
      for (const p of patterns) {
        let smarts: string;
        try {
          smarts = mergeQueryHs(p.smarts);
        } catch (err) {
          throw new DrugError('INVALID_SMARTS', `pattern "${p.name}": ${(err as Error).message}`, {
            context: { input: p.smarts },
          });
        }
        this.queries.push({
          name: p.name,
          query: rdkit.compileQuery(smarts),
          need: atomRequirements(smarts),
          minCount: p.minCount ?? 1,
        });
      }
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /**
   * Names of the patterns the molecule contains, in pattern order. Patterns that need more atoms of some
   * element than the molecule has are not matched at all (most of the 480 PAINS, for most molecules).
   * Pass the molecule's atom counts when you have them (`smilesAtomCounts` of its SMILES).
   */
  matches(mol: RDKitMol, have: AtomCounts = smilesAtomCounts(mol.get_smiles())): string[] {
    const out: string[] = [];
    for (const { name, query, need, minCount } of this.queries) {
      if (!satisfies(have, need)) continue;
      const found =
        minCount === 1
          ? mol.get_substruct_match(query) !== '{}'
          : substructMatches(mol, query).length >= minCount;
      if (found) out.push(name);
    }
    return out;
  }

  /** How many times each pattern occurs (unique matches), by name; patterns that do not occur are left out. */
  counts(mol: RDKitMol): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { name, query } of this.queries) {
      const n = substructMatches(mol, query).length;
      if (n) out[name] = n;
    }
    return out;
  }

  /** Releases the compiled queries. */
  dispose(): void {
    for (const q of this.queries.splice(0)) q.query.delete();
  }
}
