import { ModelCatalog } from '@strata/core/node';
import { createGeneratorPool, type GeneratorPool } from '@strata/drug/node';

/** The task of the models that generate molecules (SMILES or SELFIES language models). */
export const GENERATION_TASK = 'molecule-generation';

/**
 * The molecule generators of the models directory, each opened on its own thread on first use (its
 * ONNX runs must not block the event loop) and kept; `close()` ends them.
 */
export class Generators {
  private readonly pools = new Map<string, Promise<GeneratorPool>>();

  private constructor(
    private readonly modelsDir: string,
    /** Ids of the generator models. */
    readonly ids: readonly string[],
  ) {}

  static async open(modelsDir: string): Promise<Generators> {
    const catalog = await ModelCatalog.open(modelsDir);
    return new Generators(
      modelsDir,
      catalog.byTask(GENERATION_TASK).map((e) => e.manifest.id),
    );
  }

  /** The pool of one generator (an id of {@link ids}). */
  pool(model: string): Promise<GeneratorPool> {
    let pool = this.pools.get(model);
    if (!pool) {
      pool = createGeneratorPool({ modelsDir: this.modelsDir, model });
      pool.catch(() => this.pools.delete(model));
      this.pools.set(model, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const open = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(open.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}
