import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import type { SaScorer } from '../descriptors/sa-score.js';
import { loadSaScorer } from '../load-sa-scorer.js';
import { PropertyModel, propertyModelSpec } from '../properties/property-model.js';
import { RDKit } from '../rdkit/rdkit.js';
import type { MoleculeRecord } from '../readers/record.js';
import { screenOptions, type ScreenOptions } from './screen-options.js';
import { Screener, type ModelColumns, type ScreenRow } from './screener.js';

/** The property models a screening asks for, with their specs, from a models directory. */
export async function openPropertyModels(
  options: ScreenOptions,
  modelsDir: string | undefined,
): Promise<{ registry?: ModelRegistry; models: ModelColumns[] }> {
  if (!options.models.length) return { models: [] };
  if (!modelsDir)
    throw new InvalidArgumentError(
      'modelsDir',
      'the screening asks for property models: give the models directory',
    );
  // One intra-op thread: parallelism comes from one screening thread per core.
  const registry = await ModelRegistry.open(modelsDir, {
    backend: createOrtBackend(),
    sessionOptions: { intraOpThreads: 1 },
    warmup: false,
  });
  try {
    const models = options.models.map((id) => {
      const spec = propertyModelSpec(registry.manifest(id));
      if (spec.standardise !== options.standardise)
        throw new InvalidArgumentError(
          'options.standardise',
          `model "${id}" takes features of the ${spec.standardise ? 'standardised parent' : 'molecule as given'}: set standardise to ${spec.standardise}`,
        );
      return { id, spec };
    });
    return { registry, models };
  } catch (err) {
    await registry.close();
    throw err;
  }
}

/**
 * A Screener that runs the property models batch by batch, and renews its RDKit instance before the
 * next molecule when it wears out (RDKit's C++ exceptions leak; see `RDKitOptions`) or a molecule broke
 * it (a trap: that molecule's row says so, and the rest of the batch runs on a fresh instance),
 * recompiling its queries on the fresh instance.
 */
export class BatchScreener {
  private constructor(
    private readonly rdkit: RDKit,
    private screener: Screener,
    private readonly options: ScreenOptions,
    private readonly sa: SaScorer | undefined,
    private readonly models: { columns: ModelColumns; model: PropertyModel }[],
    private readonly registry: ModelRegistry | undefined,
  ) {}

  /** A batch screener on this thread's RDKit (and its own ONNX sessions for the property models). */
  static async create(options: unknown, modelsDir?: string): Promise<BatchScreener> {
    const parsed = screenOptions(options);
    const { registry, models } = await openPropertyModels(parsed, modelsDir);
    const rdkit = await RDKit.load();
    const sa = parsed.sa ? await loadSaScorer() : undefined;
    const loaded = [];
    for (const m of models)
      loaded.push({ columns: m, model: new PropertyModel(m.id, m.spec, await registry!.session(m.id)) });
    return new BatchScreener(rdkit, new Screener(rdkit, parsed, sa, models), parsed, sa, loaded, registry);
  }

  /** RDKit's version, for the results. */
  get rdkitVersion(): string {
    return this.rdkit.version;
  }

  /** The columns of the rows it makes. */
  get columns(): Screener['columns'] {
    return this.screener.columns;
  }

  /**
   * Screens a batch, one row per record, in order. On the signal it stops between molecules and
   * before each property model with `ABORTED`, so that a cancelled screen frees its thread soon.
   */
  async screen(
    records: readonly MoleculeRecord[],
    options: { signal?: AbortSignal } = {},
  ): Promise<ScreenRow[]> {
    const { signal } = options;
    const results: ReturnType<Screener['screenOne']>[] = [];
    for (const r of records) {
      throwIfAborted(signal);
      if (this.rdkit.worn) await this.renew();
      results.push(this.screener.screenOne(r));
    }
    for (const { columns, model } of this.models) {
      throwIfAborted(signal);
      const scored = results.filter((r) => r.features.has(columns.spec.features));
      const predictions = await model.predict(scored.map((r) => r.features.get(columns.spec.features)!));
      scored.forEach((r, i) =>
        columns.spec.tasks.forEach((t, k) => (r.row[`${columns.id}_${t.name}`] = predictions[i]![k]!)),
      );
    }
    return results.map((r) => r.row);
  }

  /** The molecule as an SVG drawing, or null when RDKit cannot parse it (a trap renews before the next call). */
  async depict(smiles: string, width: number, height: number): Promise<string | null> {
    if (this.rdkit.worn) await this.renew();
    return this.rdkit.withMol(smiles, (m) => m.get_svg(width, height));
  }

  /** A fresh RDKit instance and a screener on it (the old one's queries are freed, or fenced if it broke). */
  private async renew(): Promise<void> {
    this.screener.dispose();
    await this.rdkit.renew();
    this.screener = new Screener(
      this.rdkit,
      this.options,
      this.sa,
      this.models.map((m) => m.columns),
    );
  }

  async dispose(): Promise<void> {
    this.screener.dispose();
    await this.registry?.close();
  }
}
