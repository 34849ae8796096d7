import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScreenJobInput } from '@strata/drug/node';

/** The usage text of `strata screen`. */
export const SCREEN_USAGE = `usage: strata screen <input> [options]

Screens a molecule file (SMILES, CSV, TSV or SD, maybe .gz) on every core: standardisation,
RDKit descriptors, QED, SA score, Lipinski and Veber rules, PAINS, the bundled property models
(ESOL solubility, Tox21 toxicity) and similarity to query molecules. Writes results.arrow (all
rows) and top-k.csv to --out. Stopped with Ctrl-C, the same command resumes where it stopped.

options:
  --out DIR             where to write the results (default: screen-results)
  --smiles-column COL   the SMILES column of a CSV/TSV file (default: found by name)
  --id-column COL       the id column (default: found by name)
  --query SMILES        a query molecule for similarity (repeat for more)
  --top K               rows in top-k.csv (default: 100)
  --rank COLUMN         rank by this column (default: similarity with queries, else qed)
  --ascending           rank lowest first
  --models IDS          property models, comma-separated, or "none" (default: the bundled ones)
  --rules NAMES         rule sets: lipinski, veber, ghose, egan (default: lipinski,veber)
  --descriptors NAMES   RDKit descriptor names, comma-separated, or "all"
  --alert NAME=SMARTS   a substructure alert of your own (repeat for more)
  --no-standardise --no-pains --no-qed --no-sa
  --workers N           screening threads (default: every core)
  --batch N             molecules per batch and checkpoint (default: 500)`;

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Thrown for a command line that cannot run: the message says what is wrong. */
export class UsageError extends Error {}

/**
 * Turns `strata screen` arguments into the `drug.screen` job's input. Throws {@link UsageError}
 * naming the bad argument.
 */
export function screenJobInput(
  argv: readonly string[],
  defaults: { modelsDir: string; cwd?: string },
): { input: ScreenJobInput; out: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'screen-results' },
      'smiles-column': { type: 'string' },
      'id-column': { type: 'string' },
      query: { type: 'string', multiple: true, default: [] },
      top: { type: 'string' },
      rank: { type: 'string' },
      ascending: { type: 'boolean', default: false },
      models: { type: 'string' },
      rules: { type: 'string' },
      descriptors: { type: 'string' },
      alert: { type: 'string', multiple: true, default: [] },
      'no-standardise': { type: 'boolean', default: false },
      'no-pains': { type: 'boolean', default: false },
      'no-qed': { type: 'boolean', default: false },
      'no-sa': { type: 'boolean', default: false },
      workers: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const at = (p: string) => resolve(defaults.cwd ?? '.', p);
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('give the molecule file to screen');
  if (extra.length) throw new UsageError(`one input file only; also got ${extra.join(' ')}`);
  if (!existsSync(at(file))) throw new UsageError(`${file}: no such file`);
  const int = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be a whole number >= ${min}, got "${v}"`);
    return n;
  };
  const alerts = values.alert.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 1) throw new UsageError(`--alert takes NAME=SMARTS, got "${a}"`);
    return { name: a.slice(0, eq), smarts: a.slice(eq + 1) };
  });
  const bundled = ['esol-solubility', 'tox21-toxicity'].filter((id) =>
    existsSync(resolve(defaults.modelsDir, id, 'model.json')),
  );
  const models = values.models === 'none' ? [] : (list(values.models) ?? bundled);
  const descriptors = values.descriptors === 'all' ? 'all' : list(values.descriptors);
  const top = int('top', values.top, 0);
  const options = {
    standardise: !values['no-standardise'],
    pains: !values['no-pains'],
    qed: !values['no-qed'],
    sa: !values['no-sa'],
    models,
    queries: values.query.map((smiles, i) => ({ id: `query${i + 1}`, smiles })),
    alerts,
    ...(list(values.rules) ? { rules: list(values.rules) } : {}),
    ...(descriptors ? { descriptors } : {}),
    ...(top !== undefined ? { topK: top } : {}),
    ...(values.rank ? { rank: { by: values.rank, ascending: values.ascending } } : {}),
  };
  const workers = int('workers', values.workers, 0);
  const batchSize = int('batch', values.batch, 1);
  const out = at(values.out);
  const input = {
    input: at(file),
    outputDir: out,
    modelsDir: resolve(defaults.modelsDir),
    options,
    ...(values['smiles-column'] ? { smilesColumn: values['smiles-column'] } : {}),
    ...(values['id-column'] ? { idColumn: values['id-column'] } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
  } as ScreenJobInput;
  return { input, out };
}
