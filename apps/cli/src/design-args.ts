import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { designOptions, type ObjectiveInput } from '@strata/drug';
import type { DesignJobInput } from '@strata/drug/node';
import { UsageError } from './screen-args.js';

/** The usage text of `strata design`. */
export const DESIGN_USAGE = `usage: strata design [options]

Designs molecules on every core with a graph genetic algorithm (GuacaMol's Graph GA): seeds are
scored against an objective, the best breed children by graph mutations and crossovers, and the
best molecules of all are kept, until the budget of scored molecules. Writes results.csv and
results.arrow (the best molecules with their scores and parents) to --out. Stopped with Ctrl-C,
the same command resumes from its last generation.

the objective (an --objective, or terms from the flags below, combined as a weighted product):
  --objective FILE|JSON  an objective in Strata's JSON objective language (terms, combine,
                         constraints), or a file holding one
  --similar-to SMILES    a similarity term to a target molecule (repeat for more targets)
  --qed                  a QED term (drug-likeness, higher is better)
  --sa                   a synthetic accessibility term (easier is better)
  --no-pains             a constraint: no PAINS alert
  --no-medchem           a constraint: none of the NIBR medicinal-chemistry exclusions

where the first population comes from (one of):
  --seeds FILE           a molecule file (SMILES, CSV or SD, maybe .gz)
  --generate N           N samples of the bundled generator (default: 1000)
  --lead SMILES          lead optimisation: analogues of this molecule only
  --min-similarity X     the lead's similarity floor (default: 0.4)

the optimiser:
  --budget N             molecules to score, seeds aside (default: 10000)
  --population N         molecules kept between generations (default: 100)
  --offspring N          children per generation (default: 200)
  --mutation-rate X      chance a child is also mutated (default: 0.01, lead: 0.5)
  --patience N           stop after N generations without a change (default: run the budget)
  --keep N               best molecules written (default: 100)
  --seed N               the same seed gives the same molecules (default: 0)

  --out DIR              where to write the results (default: design-results)
  --workers N            design threads (default: every core)`;

const int = (name: string, v: string | undefined, min: number) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number >= ${min}, got "${v}"`);
  return n;
};

const fraction = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(x >= 0 && x <= 1)) throw new UsageError(`--${name} must be a number from 0 to 1, got "${v}"`);
  return x;
};

/** An objective from `--objective`: JSON on the command line, or the path of a file that holds it. */
function objectiveArgument(text: string, at: (p: string) => string): unknown {
  const source = text.trimStart().startsWith('{') ? text : readObjectiveFile(text, at);
  try {
    return JSON.parse(source);
  } catch (err) {
    throw new UsageError(`--objective is not JSON: ${(err as Error).message}`);
  }
}

function readObjectiveFile(path: string, at: (p: string) => string): string {
  if (!existsSync(at(path))) throw new UsageError(`--objective ${path}: no such file`);
  return readFileSync(at(path), 'utf8');
}

/**
 * Turns `strata design` arguments into the `drug.design` job's input, its options checked as the API
 * checks them. Throws {@link UsageError} naming the bad argument, or `INVALID_ARGUMENT` naming the bad
 * option.
 */
export function designJobInput(
  argv: readonly string[],
  defaults: { modelsDir: string; cwd?: string },
): { input: DesignJobInput; out: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      objective: { type: 'string' },
      'similar-to': { type: 'string', multiple: true, default: [] },
      qed: { type: 'boolean', default: false },
      sa: { type: 'boolean', default: false },
      'no-pains': { type: 'boolean', default: false },
      'no-medchem': { type: 'boolean', default: false },
      seeds: { type: 'string' },
      generate: { type: 'string' },
      lead: { type: 'string' },
      'min-similarity': { type: 'string' },
      budget: { type: 'string' },
      population: { type: 'string' },
      offspring: { type: 'string' },
      'mutation-rate': { type: 'string' },
      patience: { type: 'string' },
      keep: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', default: 'design-results' },
      workers: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`strata design takes no file; got ${positionals.join(' ')}`);
  const at = (p: string) => resolve(defaults.cwd ?? '.', p);
  const terms: ObjectiveInput['terms'] = [
    ...(values['similar-to'].length ? [{ kind: 'similarity' as const, targets: values['similar-to'] }] : []),
    ...(values.qed ? [{ kind: 'qed' as const }] : []),
    ...(values.sa ? [{ kind: 'sa' as const }] : []),
  ];
  if (values.objective && terms.length)
    throw new UsageError('give --objective or the term flags (--similar-to, --qed, --sa), not both');
  if (!values.objective && !terms.length)
    throw new UsageError('say what to design for: --objective, --similar-to, --qed or --sa');
  const constraints = {
    ...(values['no-pains'] ? { noPains: true } : {}),
    ...(values['no-medchem'] ? { noMedchemExclusions: true } : {}),
  };
  const given = values.objective ? objectiveArgument(values.objective, at) : { terms };
  const objective =
    Object.keys(constraints).length && typeof given === 'object' && given !== null
      ? {
          ...given,
          constraints: { ...(given as { constraints?: object }).constraints, ...constraints },
        }
      : given;

  const sources = [values.seeds, values.generate, values.lead].filter((v) => v !== undefined);
  if (sources.length > 1) throw new UsageError('give one of --seeds, --generate and --lead');
  if (values['min-similarity'] !== undefined && values.lead === undefined)
    throw new UsageError('--min-similarity is the floor of a --lead');
  if (values.seeds !== undefined && !existsSync(at(values.seeds)))
    throw new UsageError(`--seeds ${values.seeds}: no such file`);
  const minSimilarity = fraction('min-similarity', values['min-similarity']);
  const start =
    values.lead !== undefined
      ? { lead: { smiles: values.lead, ...(minSimilarity !== undefined ? { minSimilarity } : {}) } }
      : values.seeds !== undefined
        ? { seeds: { library: at(values.seeds) } }
        : { seeds: { generate: { count: int('generate', values.generate, 1) ?? 1000 } } };

  const settings = {
    budget: int('budget', values.budget, 1),
    population: int('population', values.population, 2),
    offspring: int('offspring', values.offspring, 1),
    mutationRate: fraction('mutation-rate', values['mutation-rate']),
    patience: int('patience', values.patience, 1),
    keep: int('keep', values.keep, 1),
    seed: int('seed', values.seed, 0),
  };
  const options = {
    objective,
    ...start,
    ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
  } as DesignJobInput['options'];
  designOptions(options); // the API's checks of shape and ranges, before any job starts
  const workers = int('workers', values.workers, 0);
  const out = at(values.out);
  const input: DesignJobInput = {
    options,
    modelsDir: resolve(defaults.modelsDir),
    outputDir: out,
    ...(workers !== undefined ? { workers } : {}),
  };
  return { input, out };
}
