import { InvalidArgumentError, isStrataError } from '@strata/core';
import type { DesignOptions, RDKit } from '@strata/drug';
import type { Generators } from './generators.js';
import type { MoleculeLibrary } from './libraries.js';
import type { PropertyModelChoice } from './property-models.js';

/** What a design's options are checked against before its job is queued. */
export interface DesignChecks {
  readonly rdkit: RDKit;
  readonly propertyModels: readonly PropertyModelChoice[];
  readonly libraries: ReadonlyMap<string, MoleculeLibrary>;
  readonly generators: Pick<Generators, 'ids'>;
}

/** Whether RDKit reads a molecule (or compiles a SMARTS). */
async function reads(rdkit: RDKit, text: string, smarts: boolean): Promise<boolean> {
  try {
    return await rdkit.use((k) => {
      if (!smarts) return k.withMol(text, () => true) ?? false;
      k.compileQuery(text).delete();
      return true;
    });
  } catch (err) {
    if (isStrataError(err)) return false;
    throw err;
  }
}

/**
 * Checks what zod cannot: every property model and task the objective names is one this server has, every
 * target, lead and floor molecule is one RDKit reads, every SMARTS compiles, the seed library and the
 * generator exist. A failure is a 400 naming its field under `field` (`body.options.objective.terms.0.model`),
 * before any job starts.
 */
export async function checkDesignOptions(
  checks: DesignChecks,
  o: DesignOptions,
  field: string,
): Promise<void> {
  const fail = (path: string, message: string): never => {
    throw new InvalidArgumentError(`${field}.${path}`, `${field}.${path}: ${message}`);
  };
  const models = new Map(checks.propertyModels.map((m) => [m.id, m]));
  for (const [i, t] of o.objective.terms.entries()) {
    if (t.kind === 'model') {
      const model = models.get(t.model);
      if (!model)
        fail(
          `objective.terms.${i}.model`,
          `no property model "${t.model}"; there are ${[...models.keys()].join(', ') || 'none'}`,
        );
      const tasks = model!.spec.tasks.map((k) => k.name);
      if (t.task !== undefined && !tasks.includes(t.task))
        fail(
          `objective.terms.${i}.task`,
          `model "${t.model}" has no task "${t.task}"; its tasks are ${tasks.join(', ')}`,
        );
      if (t.task === undefined && tasks.length > 1)
        fail(
          `objective.terms.${i}.task`,
          `model "${t.model}" has several tasks: name one of ${tasks.join(', ')}`,
        );
    }
    if (t.kind === 'similarity')
      for (const [k, s] of t.targets.entries())
        if (!(await reads(checks.rdkit, s, false)))
          fail(`objective.terms.${i}.targets.${k}`, `RDKit cannot read "${s}"`);
  }
  const c = o.objective.constraints;
  for (const kind of ['require', 'forbid'] as const)
    for (const [k, p] of c[kind].entries())
      if (!(await reads(checks.rdkit, p.smarts, true)))
        fail(`objective.constraints.${kind}.${k}.smarts`, `RDKit cannot compile the SMARTS "${p.smarts}"`);
  if (o.lead && !(await reads(checks.rdkit, o.lead.smiles, false)))
    fail('lead.smiles', `RDKit cannot read "${o.lead.smiles}"`);
  else if (c.similarTo && !(await reads(checks.rdkit, c.similarTo.smiles, false)))
    fail('objective.constraints.similarTo.smiles', `RDKit cannot read "${c.similarTo.smiles}"`);
  const seeds = o.seeds;
  if (seeds && 'library' in seeds && !checks.libraries.has(seeds.library))
    fail(
      'seeds.library',
      `no library "${seeds.library}"; there are ${[...checks.libraries.keys()].join(', ')}`,
    );
  if (seeds && 'generate' in seeds && !checks.generators.ids.includes(seeds.generate.model))
    fail(
      'seeds.generate.model',
      `no generator "${seeds.generate.model}"; there are ${checks.generators.ids.join(', ') || 'none'}`,
    );
}
