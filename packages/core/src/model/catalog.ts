import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ModelError, messageOf } from '../errors.js';
import { parseManifest, type ModelManifest } from './manifest.js';

/** A model a catalog knows: its validated manifest and the folder it lives in. */
export interface CatalogEntry {
  readonly manifest: ModelManifest;
  /** Folder holding `model.json` and the ONNX file. */
  readonly dir: string;
}

/** Computes the lowercase hex sha256 of a file, streaming (model files can be gigabytes). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The models of a directory (`<dir>/<id>/model.json` each), found without loading any of them: every
 * manifest is validated and every file it names must exist. What a service lists or filters by task
 * before it runs anything; `ModelRegistry` adds sessions on top of one.
 *
 * @example
 * ```ts
 * const catalog = await ModelCatalog.open('models');
 * const ids = catalog.byTask('molecular-property').map((e) => e.manifest.id);
 * ```
 */
export class ModelCatalog {
  private constructor(private readonly entries: ReadonlyMap<string, CatalogEntry>) {}

  /**
   * Reads every model folder under `dir`; a folder without `model.json` is skipped (scripts, data).
   * Throws `MANIFEST_INVALID` on the first invalid manifest or a twice-declared id, and
   * `MODEL_FILE_MISSING` when a manifest names a file that is not there.
   */
  static async open(dir: string): Promise<ModelCatalog> {
    const entries = new Map<string, CatalogEntry>();
    const folders = (await readModelsDir(dir)).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const folder of folders.sort()) {
      const entry = await readFolder(join(dir, folder), folder);
      if (!entry) continue;
      const twin = entries.get(entry.manifest.id);
      if (twin) {
        throw new ModelError(
          'MANIFEST_INVALID',
          `model "${entry.manifest.id}" is declared twice (${twin.dir} and ${entry.dir})`,
          { context: { modelId: entry.manifest.id, field: 'id', path: join(entry.dir, 'model.json') } },
        );
      }
      entries.set(entry.manifest.id, entry);
    }
    return new ModelCatalog(entries);
  }

  /**
   * The one model in `folder` (`<folder>/model.json`), checked as {@link ModelCatalog.open} checks
   * each. Throws `MODEL_NOT_FOUND` when the folder has no manifest.
   */
  static async openFolder(folder: string): Promise<ModelCatalog> {
    const entry = await readFolder(folder, folder);
    if (!entry) {
      const path = resolve(folder, 'model.json');
      throw new ModelError(
        'MODEL_NOT_FOUND',
        `no model in ${folder}: ${path} does not exist${whereHint(folder)}`,
        {
          context: { modelId: folder, field: '(root)', path },
        },
      );
    }
    return new ModelCatalog(new Map([[entry.manifest.id, entry]]));
  }

  /** Every model, in id order. */
  list(): CatalogEntry[] {
    return [...this.entries.values()];
  }

  /** The models whose manifest declares `task` (e.g. `time-series-forecasting`), in id order. */
  byTask(task: string): CatalogEntry[] {
    return this.list().filter((e) => e.manifest.task === task);
  }

  /** The manifest of one model. Throws `MODEL_NOT_FOUND`. */
  manifest(id: string): ModelManifest {
    return this.entry(id).manifest;
  }

  /** One model's entry. Throws `MODEL_NOT_FOUND`, naming the models there are. */
  entry(id: string): CatalogEntry {
    const e = this.entries.get(id);
    if (!e) {
      throw new ModelError(
        'MODEL_NOT_FOUND',
        `model "${id}" is not in the registry; known: ${[...this.entries.keys()].join(', ') || 'none'}`,
        { context: { modelId: id } },
      );
    }
    return e;
  }
}

/**
 * Checks that every file of a model is there and has the sha256 its manifest declares. Throws
 * `MODEL_FILE_MISSING` or `MODEL_HASH_MISMATCH`, naming the manifest field.
 */
export async function verifyModelFiles({ manifest, dir }: CatalogEntry): Promise<void> {
  for (const f of filesOf(manifest)) {
    const path = resolve(dir, f.file);
    await requireFile(manifest.id, f.fileField, path);
    const actual = await sha256File(path);
    if (actual !== f.sha256) {
      throw new ModelError(
        'MODEL_HASH_MISMATCH',
        `model "${manifest.id}": ${f.file} has sha256 ${actual} but manifest field "${f.hashField}" says ${f.sha256}`,
        { context: { modelId: manifest.id, field: f.hashField, expected: f.sha256, actual, path } },
      );
    }
  }
}

/** The entries of a models directory; one that is not there is `MODEL_NOT_FOUND` saying where it was looked for. */
async function readModelsDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new ModelError(
      'MODEL_NOT_FOUND',
      `no models directory at ${resolve(dir)}: ${messageOf(err)}${whereHint(dir)}`,
      {
        context: { modelId: dir, field: '(root)', path: resolve(dir) },
        cause: err,
      },
    );
  }
}

/**
 * Where a model path was looked for, for errors: a relative path starts at the working directory, which
 * is rarely the repository a README example was written in; the bundled models have a package of their own.
 */
function whereHint(path: string): string {
  const relative = isAbsolute(path)
    ? ''
    : ` (a relative path starts at the working directory, ${process.cwd()})`;
  return `${relative}; Strata's bundled models are in the @strata/models package (modelsDir, modelDir(id))`;
}

/** The model of one folder, or undefined when it has no manifest. `name` names it in errors. */
async function readFolder(dir: string, name: string): Promise<CatalogEntry | undefined> {
  const manifestPath = join(dir, 'model.json');
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelError(
      'MANIFEST_INVALID',
      `model "${name}": ${manifestPath} is not valid JSON: ${messageOf(err)}`,
      { context: { modelId: name, field: '(root)', path: manifestPath }, cause: err },
    );
  }
  const manifest = parseManifest(json, manifestPath);
  for (const f of filesOf(manifest)) await requireFile(manifest.id, f.fileField, resolve(dir, f.file));
  return { manifest, dir };
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
      { context: { modelId, field, path } },
    );
  }
}
