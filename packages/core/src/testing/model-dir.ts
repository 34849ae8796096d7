import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelManifestInput } from '../model/manifest.js';

/** A valid manifest for a model file of the given bytes, to alter in tests. */
export function manifestFor(
  id: string,
  model: Uint8Array,
  io: Pick<ModelManifestInput, 'inputs' | 'outputs'>,
): ModelManifestInput {
  return {
    id,
    version: '1.0.0',
    task: 'regression',
    sha256: createHash('sha256').update(model).digest('hex'),
    license: 'Apache-2.0',
    ...io,
    card: {
      description: `Test fixture ${id}`,
      trainingData: { name: 'synthetic', source: 'generated weights', split: 'none' },
      metrics: [],
    },
  };
}

/** Writes models (bytes and manifest JSON, which may be deliberately wrong) into a fresh registry directory. */
export async function writeModelDir(
  models: readonly { folder: string; model?: Uint8Array; manifest: unknown; rawManifest?: string }[],
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-models-'));
  for (const m of models) {
    await mkdir(join(dir, m.folder));
    if (m.model) await writeFile(join(dir, m.folder, 'model.onnx'), m.model);
    await writeFile(join(dir, m.folder, 'model.json'), m.rawManifest ?? JSON.stringify(m.manifest, null, 2));
  }
  return dir;
}
