// Scores molecules against a design objective on one thread: the screening code measures what the terms
// name (descriptors, QED, SA, rule sets, PAINS, property models), this module adds what screens do not
// (similarity by Morgan counts, required and forbidden substructures, a similarity floor) and combines
// the terms' desirabilities into one score.
import { throwIfAborted } from '@strata/core';
import { medchemFilter } from '../../filters/medchem.js';
import { SubstructureFilter } from '../../filters/substructure-filter.js';
import { morganFingerprint, tanimoto } from '../../fingerprints/bits.js';
import { countTanimoto, morganFeatures } from '../../fingerprints/morgan-features.js';
import { RDKit, type RDKitMol } from '../../rdkit/rdkit.js';
import { BatchScreener } from '../../screening/screen-batch.js';
import type { ScreenOptionsInput } from '../../screening/screen-options.js';
import type { Cell, ScreenRow } from '../../screening/screener.js';
import {
  desirabilityOf,
  objectiveOf,
  termNames,
  type Objective,
  type ObjectiveTerm,
  type SimilarityFingerprint,
} from './objective-schema.js';

/** A molecule's score: its canonical SMILES, the score in [0, 1], each term's value, the constraints it breaks. */
export type ScoredMolecule = {
  readonly smiles: string;
  readonly score: number;
  /** Each term's measured value (before its desirability), in the objective's order; null where not measured. */
  readonly values: readonly (number | null)[];
  /** Names of the hard constraints it breaks (its score is then 0). */
  readonly violations: readonly string[];
};

type Similarity = (mol: RDKitMol) => number;

/** The screening options that measure what an objective's terms and constraints read. */
export function screenOptionsFor(objective: Objective): ScreenOptionsInput {
  const terms = objective.terms;
  const models = [...new Set(terms.flatMap((t) => (t.kind === 'model' ? [t.model] : [])))];
  return {
    // Property models take the standardised parent's features; nothing else needs the standardiser's time.
    standardise: models.length > 0,
    descriptors: [...new Set(terms.flatMap((t) => (t.kind === 'descriptor' ? [t.name] : [])))],
    rules: objective.constraints.rules,
    pains: objective.constraints.noPains,
    qed: terms.some((t) => t.kind === 'qed'),
    sa: terms.some((t) => t.kind === 'sa'),
    models,
  };
}

/** The similarity a term or floor measures, compiled against its molecules. */
function similarityTo(rdkit: RDKit, targets: readonly string[], fp: SimilarityFingerprint): Similarity {
  if (fp.type === 'counts') {
    const ref = targets.map((s) => rdkit.withMol(s, (m) => morganFeatures(m, fp.radius)));
    if (ref.some((r) => !r)) throw new Error('a target molecule RDKit cannot read');
    return (mol) => Math.max(...ref.map((r) => countTanimoto(morganFeatures(mol, fp.radius), r!)));
  }
  const options = { radius: fp.radius, nBits: fp.nBits };
  const ref = targets.map((s) => rdkit.withMol(s, (m) => morganFingerprint(m, options)));
  if (ref.some((r) => !r)) throw new Error('a target molecule RDKit cannot read');
  return (mol) => {
    const f = morganFingerprint(mol, options);
    return Math.max(...ref.map((r) => tanimoto(f, r!)));
  };
}

/**
 * An objective compiled on this thread's RDKit. Holds RDKit memory and ONNX sessions: `dispose()` it.
 *
 * @example
 * ```ts
 * const scorer = await ObjectiveScorer.create({ terms: [{ kind: 'similarity', targets: ['CC(=O)Oc1ccccc1C(=O)O'] }, { kind: 'qed' }] });
 * const [aspirin] = await scorer.score(['OC(=O)c1ccccc1OC(C)=O']); // { smiles, score, values: [1, 0.55], violations: [] }
 * await scorer.dispose();
 * ```
 */
export class ObjectiveScorer {
  readonly names: readonly string[];

  private constructor(
    readonly objective: Objective,
    private readonly rdkit: RDKit,
    private readonly screener: BatchScreener,
    private readonly similarities: (Similarity | undefined)[],
    private readonly filters: {
      require?: SubstructureFilter;
      forbid?: SubstructureFilter;
      medchem?: SubstructureFilter;
    },
    private readonly floor: { min: number; similarity: Similarity } | undefined,
  ) {
    this.names = termNames(objective);
  }

  /** Compiles an objective (validated again here); `modelsDir` holds the property models its terms name. */
  static async create(
    input: unknown,
    options: { modelsDir?: string | undefined } = {},
  ): Promise<ObjectiveScorer> {
    const objective = objectiveOf(input);
    const screener = await BatchScreener.create(screenOptionsFor(objective), options.modelsDir);
    const rdkit = await RDKit.load();
    const c = objective.constraints;
    const filters: ObjectiveScorer['filters'] = {};
    try {
      const similarities = objective.terms.map((t) =>
        t.kind === 'similarity' ? similarityTo(rdkit, t.targets, t.fingerprint) : undefined,
      );
      if (c.require.length) filters.require = new SubstructureFilter(rdkit, c.require);
      if (c.forbid.length) filters.forbid = new SubstructureFilter(rdkit, c.forbid);
      if (c.noMedchemExclusions) filters.medchem = medchemFilter(rdkit);
      const floor = c.similarTo && {
        min: c.similarTo.min,
        similarity: similarityTo(rdkit, [c.similarTo.smiles], c.similarTo.fingerprint),
      };
      return new ObjectiveScorer(objective, rdkit, screener, similarities, filters, floor);
    } catch (err) {
      for (const f of Object.values(filters)) f.dispose();
      await screener.dispose();
      throw err;
    }
  }

  /** Scores molecules (SMILES), in order; null for one RDKit cannot read. */
  async score(
    smiles: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<(ScoredMolecule | null)[]> {
    const rows = await this.screener.screen(
      smiles.map((molecule, i) => ({ position: i + 1, id: String(i + 1), molecule, fields: {} })),
      options,
    );
    return rows.map((row, i) => {
      throwIfAborted(options.signal);
      if (row.error !== null || typeof row.smiles !== 'string') return null;
      const extra = this.rdkit.withMol(smiles[i]!, (mol) => this.measure(mol));
      return extra && this.combine(row, extra);
    });
  }

  /** What the screener does not measure: similarities, substructure constraints, the similarity floor. */
  private measure(mol: RDKitMol): { similarities: (number | undefined)[]; violations: string[] } {
    const violations: string[] = [];
    const { require, forbid, medchem } = this.filters;
    if (require) {
      const found = new Set(require.matches(mol));
      for (const p of require.patterns) if (!found.has(p.name)) violations.push(`requires ${p.name}`);
    }
    if (forbid) for (const name of forbid.matches(mol)) violations.push(`forbids ${name}`);
    if (medchem && medchem.matches(mol).length) violations.push('medicinal-chemistry exclusion');
    if (this.floor && this.floor.similarity(mol) < this.floor.min)
      violations.push('below the similarity floor');
    return { similarities: this.similarities.map((s) => s?.(mol)), violations };
  }

  private combine(
    row: ScreenRow,
    extra: { similarities: (number | undefined)[]; violations: string[] },
  ): ScoredMolecule {
    const violations = [...extra.violations];
    const c = this.objective.constraints;
    if (c.noPains && Number(row.pains_count) > 0) violations.push('PAINS');
    for (const r of c.rules) if (row[`${r}_pass`] !== true) violations.push(`fails ${r}`);
    const values = this.objective.terms.map((t, k) => extra.similarities[k] ?? numeric(valueOf(t, row)));
    const d = this.objective.terms.map((t, k) => desirabilityOf(t.desirability, values[k] ?? Number.NaN));
    const w = this.objective.terms.map((t) => t.weight);
    const total = w.reduce((a, b) => a + b, 0);
    const score = violations.length
      ? 0
      : this.objective.combine === 'sum'
        ? d.reduce((s, x, k) => s + w[k]! * x, 0) / total
        : Math.exp(d.reduce((s, x, k) => s + (w[k]! / total) * Math.log(x), 0));
    return { smiles: row.smiles as string, score, values, violations };
  }

  async dispose(): Promise<void> {
    for (const f of Object.values(this.filters)) f.dispose();
    await this.screener.dispose();
  }
}

/** The row's cell a term reads. */
function valueOf(t: ObjectiveTerm, row: ScreenRow): Cell {
  switch (t.kind) {
    case 'qed':
      return row.qed ?? null;
    case 'sa':
      return row.sa_score ?? null;
    case 'descriptor':
      return row[t.name] ?? null;
    case 'model': {
      const key = Object.keys(row).find((k) =>
        t.task ? k === `${t.model}_${t.task}` : k.startsWith(`${t.model}_`),
      );
      return key === undefined ? null : row[key]!;
    }
    case 'similarity':
      return null;
  }
}

const numeric = (c: Cell): number | null => (typeof c === 'number' && Number.isFinite(c) ? c : null);
