import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  Backend,
  ExecutionProvider,
  ModelSession,
  RunOptions,
  SessionOptions,
  TensorInfo,
} from '../backend.js';
import { InferenceError, ModelError, messageOf } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { zeros, type AnyTensor, type TensorMap } from '../tensor.js';
import { validateFeeds } from './feeds.js';
import { parseManifest, type ModelManifest } from './manifest.js';
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
export interface ModelEntry {
  readonly manifest: ModelManifest;
  /** Folder holding `model.json` and the ONNX file. */
  readonly dir: string;
  readonly loaded: boolean;
}

/** Computes the lowercase hex sha256 of a file, streaming (model files can be gigabytes). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
    private readonly entries: ReadonlyMap<string, { manifest: ModelManifest; dir: string }>,
    private readonly options: ModelRegistryOptions,
  ) {}

  /** Loads and validates every manifest under `dir`. Throws on the first invalid one. */
  static async open(dir: string, options: ModelRegistryOptions): Promise<ModelRegistry> {
    const entries = new Map<string, { manifest: ModelManifest; dir: string }>();
    const folders = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const folder of folders.sort()) {
      const modelDir = join(dir, folder);
      const manifestPath = join(modelDir, 'model.json');
      let text: string;
      try {
        text = await readFile(manifestPath, 'utf8');
      } catch {
        continue; // a folder without a manifest is not a model (scripts, data)
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new ModelError(
          'MANIFEST_INVALID',
          `model "${folder}": ${manifestPath} is not valid JSON: ${messageOf(err)}`,
          {
            context: { modelId: folder, field: '(root)', path: manifestPath },
            cause: err,
          },
        );
      }
      const manifest = parseManifest(json, manifestPath);
      if (entries.has(manifest.id)) {
        throw new ModelError(
          'MANIFEST_INVALID',
          `model "${manifest.id}" is declared twice (${entries.get(manifest.id)!.dir} and ${modelDir})`,
          {
            context: { modelId: manifest.id, field: 'id', path: manifestPath },
          },
        );
      }
      for (const f of filesOf(manifest))
        await requireFile(manifest.id, f.fileField, resolve(modelDir, f.file));
      entries.set(manifest.id, { manifest, dir: modelDir });
    }
    return new ModelRegistry(entries, options);
  }

  /** Every model, in id order. */
  list(): ModelEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, loaded: this.loading.has(e.manifest.id) }));
  }

  /** The manifest of one model. Throws `MODEL_NOT_FOUND`. */
  manifest(id: string): ModelManifest {
    return this.entry(id).manifest;
  }

  /**
   * The session of one model, loaded on first use (hash check, graph check, warm-up). Its `run`
   * validates feeds against the manifest. Concurrent first calls share one load.
   */
  async session(id: string): Promise<ModelSession> {
    if (this.closed)
      throw new InferenceError('SESSION_DISPOSED', `the registry is closed; cannot load model "${id}"`);
    const entry = this.entry(id);
    let p = this.loading.get(id);
    if (!p) {
      p = this.load(entry.manifest, entry.dir);
      this.loading.set(id, p);
      // Only forget this load: an unload and a newer load may have replaced it meanwhile.
      p.catch(() => this.loading.get(id) === p && this.loading.delete(id));
    }
    return p;
  }

  /** Loads (and warms up) the given models, or all. */
  async warmup(ids: readonly string[] = [...this.entries.keys()]): Promise<void> {
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

  private entry(id: string): { manifest: ModelManifest; dir: string } {
    const e = this.entries.get(id);
    if (!e) {
      throw new ModelError(
        'MODEL_NOT_FOUND',
        `model "${id}" is not in the registry; known: ${[...this.entries.keys()].join(', ') || 'none'}`,
        {
          context: { modelId: id },
        },
      );
    }
    return e;
  }

  private async load(manifest: ModelManifest, dir: string): Promise<ManagedSession> {
    const logger = (this.options.logger ?? silentLogger).child({ model: manifest.id });
    for (const f of filesOf(manifest)) {
      const path = resolve(dir, f.file);
      await requireFile(manifest.id, f.fileField, path);
      const actual = await sha256File(path);
      if (actual !== f.sha256) {
        throw new ModelError(
          'MODEL_HASH_MISMATCH',
          `model "${manifest.id}": ${f.file} has sha256 ${actual} but manifest field "${f.hashField}" says ${f.sha256}`,
          {
            context: { modelId: manifest.id, field: f.hashField, expected: f.sha256, actual, path },
          },
        );
      }
    }
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

/** The ONNX file and each external-data file, with the manifest fields that name and hash them. */
function filesOf(m: ModelManifest): { fileField: string; hashField: string; file: string; sha256: string }[] {
  return [
    { fileField: 'file', hashField: 'sha256', file: m.file, sha256: m.sha256 },
    ...m.externalData.map((e, i) => ({
      fileField: `externalData[${i}].file`,
      hashField: `externalData[${i}].sha256`,
      ...e,
    })),
  ];
}

async function requireFile(modelId: string, field: string, path: string): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (!s?.isFile()) {
    throw new ModelError(
      'MODEL_FILE_MISSING',
      `model "${modelId}": manifest field "${field}" names ${path}, which does not exist`,
      {
        context: { modelId, field, path },
      },
    );
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
