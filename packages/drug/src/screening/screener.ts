import { messageOf } from '@strata/core';
import { DESCRIPTOR_NAMES, descriptorsOf, type DescriptorName } from '../descriptors/descriptors.js';
import { Qed } from '../descriptors/qed.js';
import type { SaScorer } from '../descriptors/sa-score.js';
import { smilesAtomCounts } from '../filters/atom-requirements.js';
import { painsFilter } from '../filters/pains.js';
import { applyRules, RULE_SETS } from '../filters/rules.js';
import { SubstructureFilter } from '../filters/substructure-filter.js';
import { morganFingerprint, tanimoto, type Fingerprint } from '../fingerprints/bits.js';
import { molGraph } from '../rdkit/mol-graph.js';
import type { RDKit, RDKitMol } from '../rdkit/rdkit.js';
import type { MoleculeRecord } from '../readers/record.js';
import { Standardiser } from '../standardise/standardiser.js';
import { featureVector, type FeatureSetName } from '../properties/features.js';
import type { PropertyModelSpec } from '../properties/property-model.js';
import type { ColumnLabel } from '../descriptors/descriptor-labels.js';
import {
  descriptorColumnLabel,
  fixedColumnLabel,
  modelColumnLabel,
  ruleColumnLabels,
} from './column-labels.js';
import type { ScreenOptions } from './screen-options.js';

/** A value of a result row. */
export type Cell = number | string | boolean | null;
/** One molecule's results, column by column. */
export type ScreenRow = Record<string, Cell>;

/**
 * A column of the results: its name (as files and the API name it) and Arrow type, and how people see
 * it: a label, units and what it is.
 */
export interface ScreenColumn extends ColumnLabel {
  readonly name: string;
  readonly type: 'int' | 'float' | 'string' | 'bool';
}

/** A property model's columns: one per task, named `<model id>_<task>`. */
export interface ModelColumns {
  readonly id: string;
  readonly spec: PropertyModelSpec;
}

/** The columns a screening with these options (and property models) writes, in order. */
export function screenColumns(options: ScreenOptions, models: readonly ModelColumns[] = []): ScreenColumn[] {
  const fixed = (name: string, type: ScreenColumn['type']): ScreenColumn => ({
    name,
    type,
    ...fixedColumnLabel(name),
  });
  const cols: ScreenColumn[] = [
    fixed('position', 'int'),
    fixed('id', 'string'),
    fixed('input', 'string'),
    fixed('smiles', 'string'),
    fixed('inchikey', 'string'),
    fixed('error', 'string'),
  ];
  if (options.standardise) cols.push(fixed('standardisation', 'string'));
  for (const d of descriptorNames(options))
    cols.push({ name: d, type: 'float', ...descriptorColumnLabel(d) });
  if (options.qed) cols.push(fixed('qed', 'float'));
  if (options.sa) cols.push(fixed('sa_score', 'float'));
  for (const r of options.rules) {
    const labels = ruleColumnLabels(r);
    cols.push(
      { name: `${r}_pass`, type: 'bool', ...labels.pass },
      { name: `${r}_failed`, type: 'string', ...labels.failed },
    );
  }
  if (options.pains) cols.push(fixed('pains', 'string'), fixed('pains_count', 'int'));
  if (options.alerts.length) cols.push(fixed('alerts', 'string'));
  if (options.queries.length) cols.push(fixed('similarity', 'float'), fixed('nearest_query', 'string'));
  for (const m of models) cols.push(...modelColumns(m));
  return cols;
}

/** A property model's columns, one per task (`<model id>_<task>`), labelled from its manifest. */
export function modelColumns(model: ModelColumns): ScreenColumn[] {
  return model.spec.tasks.map((t) => ({
    name: `${model.id}_${t.name}`,
    type: 'float',
    ...modelColumnLabel(model.id, t),
  }));
}

const descriptorNames = (o: ScreenOptions): readonly DescriptorName[] =>
  o.descriptors === 'all' ? DESCRIPTOR_NAMES : o.descriptors;

/**
 * Screens molecules one at a time on one RDKit instance: parse, standardise, descriptors, QED, rule
 * sets, PAINS, the user's alerts and similarity to query molecules, into one flat row. A molecule that
 * fails at any step becomes a row with its `error` and nothing lost. Holds compiled queries: `dispose()` it.
 *
 * @example
 * ```ts
 * const options = screenOptions({ queries: [{ id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' }] });
 * const screener = new Screener(rdkit, options, await loadSaScorer());
 * screener.screen({ position: 1, id: 'm1', molecule: 'OC(=O)c1ccccc1O', fields: {} });
 * ```
 */
export class Screener {
  readonly columns: readonly ScreenColumn[];
  private readonly standardiser?: Standardiser;
  private readonly qed?: Qed;
  private readonly pains?: SubstructureFilter;
  private readonly alerts?: SubstructureFilter;
  private readonly queries: { id: string; fp: Fingerprint }[] = [];
  private readonly featureSets: FeatureSetName[];

  /**
   * `sa` scores synthetic accessibility when the options ask for it (see `loadSaScorer`); `models`
   * adds their columns and makes {@link screenOne} compute the feature vectors they take.
   */
  constructor(
    private readonly rdkit: RDKit,
    private readonly options: ScreenOptions,
    private readonly sa?: SaScorer,
    models: readonly ModelColumns[] = [],
  ) {
    this.columns = screenColumns(options, models);
    this.featureSets = [...new Set(models.map((m) => m.spec.features))];
    if (options.sa && !sa) throw new Error('the options ask for SA scores: pass a SaScorer (loadSaScorer())');
    try {
      if (options.standardise) this.standardiser = new Standardiser(rdkit);
      if (options.qed) this.qed = new Qed(rdkit);
      if (options.pains) this.pains = painsFilter(rdkit);
      if (options.alerts.length) this.alerts = new SubstructureFilter(rdkit, options.alerts);
      for (const q of options.queries) {
        const fp = rdkit.withMol(q.smiles, (m) => morganFingerprint(m, options.fingerprint));
        if (!fp) throw new Error(`query "${q.id}": RDKit cannot parse "${q.smiles}"`);
        this.queries.push({ id: q.id, fp });
      }
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** One molecule's row; never throws for a bad molecule. */
  screen(record: MoleculeRecord): ScreenRow {
    return this.screenOne(record).row;
  }

  /** One molecule's row and the feature vectors the property models take (none for a failed molecule). */
  screenOne(record: MoleculeRecord): { row: ScreenRow; features: Map<FeatureSetName, Float32Array> } {
    const row: ScreenRow = Object.fromEntries(this.columns.map((c) => [c.name, null]));
    row.position = record.position;
    row.id = record.id;
    row.input = record.molecule.includes('\n') ? null : record.molecule;
    const features = new Map<FeatureSetName, Float32Array>();
    // The reader could not take a molecule from its line (see MoleculeRecord.error): RDKit gets nothing.
    if (record.error !== undefined) {
      row.input = null;
      row.error = record.error;
      return { row, features };
    }
    try {
      const ok = this.rdkit.withMol(record.molecule, (mol) => this.fill(mol, row, features));
      if (ok === null) row.error = 'RDKit cannot parse the molecule';
    } catch (err) {
      row.error = messageOf(err);
      features.clear();
    }
    return { row, features };
  }

  /** Releases the compiled queries. */
  dispose(): void {
    this.standardiser?.dispose();
    this.qed?.dispose();
    this.pains?.dispose();
    this.alerts?.dispose();
  }

  private fill(input: RDKitMol, row: ScreenRow, features: Map<FeatureSetName, Float32Array>): true {
    if (!this.standardiser) {
      row.smiles = input.get_smiles();
      row.inchikey = this.rdkit.inchiKey(input.get_inchi());
      this.measure(input, row, features);
      return true;
    }
    return this.standardiser.withParent(input, (parent, std) => {
      row.smiles = std.smiles;
      row.inchikey = std.inchiKey;
      row.standardisation = std.changes.join('; ');
      // Everything else is measured on the standardised parent.
      return this.measure(parent, row, features);
    });
  }

  private measure(mol: RDKitMol, row: ScreenRow, features: Map<FeatureSetName, Float32Array>): true {
    const d = descriptorsOf(mol);
    // Atom counts let the substructure filters skip patterns that cannot match.
    const have = smilesAtomCounts(row.smiles as string);
    for (const set of this.featureSets) features.set(set, featureVector(mol, set, d));
    for (const name of descriptorNames(this.options)) row[name] = d[name];
    // QED and SA read the molecule's graph: parse it once for both.
    const graph = this.qed || this.sa ? molGraph(mol) : undefined;
    if (this.qed) row.qed = this.qed.score(mol, d, have, graph);
    if (this.sa && this.options.sa) row.sa_score = this.sa.score(mol, d, graph);
    for (const r of this.options.rules) {
      const result = applyRules(RULE_SETS[r], d);
      row[`${r}_pass`] = result.pass;
      row[`${r}_failed`] = result.failed.join('; ');
    }
    if (this.pains) {
      const hits = this.pains.matches(mol, have);
      row.pains = hits.join('; ');
      row.pains_count = hits.length;
    }
    if (this.alerts) row.alerts = this.alerts.matches(mol, have).join('; ');
    if (this.queries.length) {
      const fp = morganFingerprint(mol, this.options.fingerprint);
      let best = -1;
      for (const q of this.queries) {
        const s = tanimoto(fp, q.fp);
        if (s > best) [best, row.nearest_query] = [s, q.id];
      }
      row.similarity = best;
    }
    return true;
  }
}
