/**
 * The thread module of a generator pool: each thread opens the generative model (its own ONNX session,
 * whose `run()` blocks the thread it runs on) and RDKit, and samples molecules on request.
 */
import { createOrtBackend, ModelRegistry, type SetupContext } from '@strata/core/node';
import { RDKit } from '../rdkit/rdkit.js';
import {
  MoleculeGenerator,
  type GeneratedMolecule,
  type MoleculeSampleOptions,
} from './generate-molecules.js';

/** What each generator thread is set up with. */
export interface GeneratorThreadInit {
  readonly modelsDir: string;
  readonly model: string;
}

let registry: ModelRegistry | undefined;
let generator: MoleculeGenerator | undefined;

/** Opens the model. */
export async function setup(init: GeneratorThreadInit, _ctx: SetupContext): Promise<{ rdkit: string }> {
  registry = await ModelRegistry.open(init.modelsDir, {
    backend: createOrtBackend(),
    sessionOptions: { intraOpThreads: 1 },
    warmup: false,
  });
  const rdkit = await RDKit.load();
  generator = new MoleculeGenerator(registry.manifest(init.model), await registry.session(init.model), rdkit);
  return { rdkit: rdkit.version };
}

/** Samples molecules. */
export function sample(options: Omit<MoleculeSampleOptions, 'signal'>): Promise<GeneratedMolecule[]> {
  return generator!.sample(options);
}

export async function teardown(): Promise<void> {
  await registry?.close();
}
