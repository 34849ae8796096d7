import { basename } from 'node:path';
import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { DrugError } from '../errors.js';
import { openMolecules } from '../open-molecules.js';
import { RDKit } from '../rdkit/rdkit.js';
import type { DesignOptions } from './design-options.js';
import { MoleculeGenerator } from './generate-molecules.js';

/** The most seed molecules a run reads: the seeds are all scored before the first generation. */
export const MAX_SEEDS = 1_000_000;

/** Samples molecules from a generator model in the models directory (the valid, distinct ones). */
async function generated(
  g: { count: number; model: string; temperature?: number | undefined },
  seed: number,
  modelsDir: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  if (!modelsDir)
    throw new InvalidArgumentError('modelsDir', 'seeds from a generator need the models directory');
  const registry = await ModelRegistry.open(modelsDir, { backend: createOrtBackend(), warmup: false });
  try {
    const generator = new MoleculeGenerator(
      registry.manifest(g.model),
      await registry.session(g.model),
      await RDKit.load(),
    );
    const sampled = await generator.sample({
      count: g.count,
      seed,
      ...(g.temperature !== undefined ? { temperature: g.temperature } : {}),
      ...(signal ? { signal } : {}),
    });
    return [...new Set(sampled.flatMap((m) => (m.canonical ? [m.canonical] : [])))];
  } finally {
    await registry.close();
  }
}

/** The molecules a run starts from (SMILES as given; the scorer reads them): its lead, its list, its library or samples. */
export async function seedMolecules(
  o: DesignOptions,
  context: { modelsDir?: string | undefined; signal?: AbortSignal },
): Promise<string[]> {
  if (o.lead) return [o.lead.smiles];
  const seeds = o.seeds!;
  if ('molecules' in seeds) return seeds.molecules;
  if ('generate' in seeds) return generated(seeds.generate, o.seed, context.modelsDir, context.signal);
  const out: string[] = [];
  for await (const r of openMolecules(seeds.library)) {
    if (r.error !== undefined) continue;
    if (out.length >= MAX_SEEDS)
      throw new DrugError(
        'READER_LIMIT',
        `${seeds.name ?? basename(seeds.library)} holds more than ${MAX_SEEDS} molecules: seeds are scored first, so give fewer`,
      );
    if (out.length % 1000 === 0) throwIfAborted(context.signal);
    out.push(r.molecule);
  }
  return out;
}
