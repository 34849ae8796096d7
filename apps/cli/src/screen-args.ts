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
  --batch N             molecules per batch and checkpoint (default: 500)

limits on the input (a file past one fails, or its line is a failed row; raise one for a file
that is genuinely that big):
  --max-decompressed-gb N  what a gzip input may decompress to, in GiB (default: 8)
  --max-ratio N            decompressed bytes per gzip byte, past the first 64 MiB (default: 200)
  --max-line-kb N          the longest line or CSV row, in KiB (default: 256)`;

/** The flag that raises each reader limit, for the hint a failure past one gets. */
export const LIMIT_FLAGS: Readonly<Record<string, string>> = {
  maxDecompressedBytes: '--max-decompressed-gb',
  maxCompressionRatio: '--max-ratio',
  maxLineBytes: '--max-line-kb',
};

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
      'max-decompressed-gb': { type: 'string' },
      'max-ratio': { type: 'string' },
      'max-line-kb': { type: 'string' },
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
  const gb = int('max-decompressed-gb', values['max-decompressed-gb'], 1);
  const ratio = int('max-ratio', values['max-ratio'], 1);
  const kb = int('max-line-kb', values['max-line-kb'], 1);
  const limits = {
    ...(gb !== undefined ? { maxDecompressedBytes: gb * 2 ** 30 } : {}),
    ...(ratio !== undefined ? { maxCompressionRatio: ratio } : {}),
    ...(kb !== undefined ? { maxLineBytes: kb * 1024 } : {}),
  };
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
    ...(Object.keys(limits).length ? { limits } : {}),
  } as ScreenJobInput;
  return { input, out };
}
