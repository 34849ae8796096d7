import { resolve } from 'node:path';
import type {
  Backend,
  ExecutionProvider,
  ModelSession,
  RunOptions,
  SessionOptions,
  TensorInfo,
} from '../backend.js';
import { InferenceError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { zeros, type AnyTensor, type TensorMap } from '../tensor.js';
import { validateFeeds } from './feeds.js';
import { ModelCatalog, verifyModelFiles, type CatalogEntry } from './catalog.js';
import type { ModelManifest } from './manifest.js';
import { checkSignature } from './signature.js';

/** Options of {@link ModelRegistry.open}. */
export interface ModelRegistryOptions {
  /** Creates the sessions. */
  readonly backend: Backend;
  /** Session options for every model. @defaultValue the backend's defaults */
  readonly sessionOptions?: SessionOptions;
  /** Run each model once on zeros right after loading, so the first real request is not the slow one. @defaultValue `true` */
  readonly warmup?: boolean;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

/** A model the registry knows, and whether its session is loaded. */
export interface ModelEntry extends CatalogEntry {
  readonly loaded: boolean;
}

/**
 * The models of one directory (`<dir>/<id>/model.json` each): manifests are validated and files checked
 * when the registry opens; sessions are created on first use after the file hashes are verified and the
 * graph is checked against the manifest, then warmed up, cached, and released by {@link unload} or {@link close}.
 *
 * @example
 * ```ts
 * const registry = await ModelRegistry.open('models', { backend: createOrtBackend() });
 * const session = await registry.session('esol-solubility');
 * const out = await session.run({ x: tensor('float32', features, [1, 12]) });
 * await registry.close();
 * ```
 */
export class ModelRegistry {
  private readonly loading = new Map<string, Promise<ManagedSession>>();
  private closed = false;

  private constructor(
    private readonly catalog: ModelCatalog,
    private readonly options: ModelRegistryOptions,
  ) {}

  /**
   * Loads and validates every manifest under `dir` (see `ModelCatalog.open`). Throws on the first
   * invalid one.
   */
  static async open(dir: string, options: ModelRegistryOptions): Promise<ModelRegistry> {
    return new ModelRegistry(await ModelCatalog.open(dir), options);
  }

  /** A registry of the one model in `folder` (`<folder>/model.json`; see `ModelCatalog.openFolder`). */
  static async openFolder(folder: string, options: ModelRegistryOptions): Promise<ModelRegistry> {
    return new ModelRegistry(await ModelCatalog.openFolder(folder), options);
  }

  /** Every model, in id order. */
  list(): ModelEntry[] {
    return this.withLoaded(this.catalog.list());
  }

  /**
   * The models whose manifest declares `task`, in id order: how a domain finds its models in a
   * shared folder.
   *
   * @example
   * ```ts
   * for (const { manifest } of registry.byTask('time-series-forecasting'))
   *   forecasters.set(manifest.id, await NeuralForecaster.fromRegistry(registry, manifest.id));
   * ```
   */
  byTask(task: string): ModelEntry[] {
    return this.withLoaded(this.catalog.byTask(task));
  }

  /** The manifest of one model. Throws `MODEL_NOT_FOUND`. */
  manifest(id: string): ModelManifest {
    return this.catalog.manifest(id);
  }

  /**
   * The session of one model, loaded on first use (hash check, graph check, warm-up). Its `run`
   * validates feeds against the manifest. Concurrent first calls share one load.
   */
  async session(id: string): Promise<ModelSession> {
    if (this.closed)
      throw new InferenceError('SESSION_DISPOSED', `the registry is closed; cannot load model "${id}"`);
    const entry = this.catalog.entry(id);
    let p = this.loading.get(id);
    if (!p) {
      p = this.load(entry);
      this.loading.set(id, p);
      // Only forget this load: an unload and a newer load may have replaced it meanwhile.
      p.catch(() => this.loading.get(id) === p && this.loading.delete(id));
    }
    return p;
  }

  /** Loads (and warms up) the given models, or all. */
  async warmup(ids: readonly string[] = this.catalog.list().map((e) => e.manifest.id)): Promise<void> {
    for (const id of ids) await this.session(id);
  }

  /** Releases one model's session; the next {@link session} call loads it again. */
  async unload(id: string): Promise<void> {
    const p = this.loading.get(id);
    this.loading.delete(id);
    const s = await p?.catch(() => undefined);
    await s?.dispose();
  }

  /** Releases every session. */
  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.loading.keys()]) await this.unload(id);
  }

  private withLoaded(entries: readonly CatalogEntry[]): ModelEntry[] {
    return entries.map((e) => ({ ...e, loaded: this.loading.has(e.manifest.id) }));
  }

  private async load(entry: CatalogEntry): Promise<ManagedSession> {
    const { manifest, dir } = entry;
    const logger = (this.options.logger ?? silentLogger).child({ model: manifest.id });
    await verifyModelFiles(entry);
    const started = performance.now();
    const inner = await this.options.backend.createSession(
      { path: resolve(dir, manifest.file) },
      this.options.sessionOptions,
    );
    // Axes fixed by freeDimensionOverrides are fixed in the graph too: compare and validate against that.
    const overrides = this.options.sessionOptions?.freeDimensionOverrides ?? {};
    const inputs = fixAxes(manifest.inputs, overrides);
    const outputs = fixAxes(manifest.outputs, overrides);
    try {
      checkSignature(manifest.id, 'inputs', inputs, inner.inputs);
      checkSignature(manifest.id, 'outputs', outputs, inner.outputs);
      const session = new ManagedSession(manifest.id, inputs, outputs, inner);
      if (this.options.warmup ?? true) await session.run(warmupFeeds(inputs));
      logger.info(
        { ms: Math.round(performance.now() - started), providers: inner.executionProviders },
        'model loaded',
      );
      return session;
    } catch (err) {
      await inner.dispose();
      throw err;
    }
  }
}

/** Declared tensors with the overridden named axes replaced by their sizes. */
function fixAxes(infos: readonly TensorInfo[], overrides: Readonly<Record<string, number>>): TensorInfo[] {
  return infos.map((i) => ({
    ...i,
    dims: i.dims.map((d) => (typeof d === 'string' ? (overrides[d] ?? d) : d)),
  }));
}

/** Zeros in every input's shape, dynamic axes set to 1. */
function warmupFeeds(inputs: readonly TensorInfo[]): TensorMap {
  const feeds: TensorMap = {};
  for (const i of inputs)
    feeds[i.name] = zeros(
      i.dtype,
      i.dims.map((d) => (typeof d === 'number' ? d : 1)),
    ) as AnyTensor;
  return feeds;
}

/** A registry session: validates feeds against the manifest (naming the model) before each run. */
class ManagedSession implements ModelSession {
  constructor(
    private readonly modelId: string,
    readonly inputs: readonly TensorInfo[],
    readonly outputs: readonly TensorInfo[],
    private readonly inner: ModelSession,
  ) {}
  get executionProviders(): readonly ExecutionProvider[] {
    return this.inner.executionProviders;
  }
  get disposed(): boolean {
    return this.inner.disposed;
  }
  async run(feeds: TensorMap, options?: RunOptions): Promise<TensorMap> {
    if (!this.inner.disposed) validateFeeds(this.inputs, feeds, this.modelId);
    return this.inner.run(feeds, options);
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}
