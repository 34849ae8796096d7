import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@strata/core';
import { sha256File } from '@strata/core/node';
import { panguManifest } from './model/grid-model.js';

/**
 * Registers a user's own Pangu-Weather files (`pangu_weather_1.onnx`, `_3`, `_6`, `_24`; their licence
 * forbids shipping them) in a model directory: one `pangu-weather-<step>h/model.json` each, naming the
 * file where it is and its sha256. Returns the model ids, ready for a rollout.
 *
 * @example
 * ```ts
 * const ids = await writePanguManifests('models', ['/data/pangu/pangu_weather_24.onnx', '/data/pangu/pangu_weather_6.onnx']);
 * ```
 */
export async function writePanguManifests(modelsDir: string, files: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const step = Number(/^pangu_weather_(1|3|6|24)\.onnx$/.exec(basename(file))?.[1]);
    if (!step) {
      throw new InvalidArgumentError(
        'files',
        `${file} is not named pangu_weather_<1|3|6|24>.onnx, so its step is unknown`,
        { value: file },
      );
    }
    const path = resolve(file);
    const manifest = panguManifest(step as 1 | 3 | 6 | 24, await sha256File(path), path);
    await mkdir(join(modelsDir, manifest.id), { recursive: true });
    await writeFile(join(modelsDir, manifest.id, 'model.json'), JSON.stringify(manifest, null, 2) + '\n');
    ids.push(manifest.id);
  }
  return ids;
}
