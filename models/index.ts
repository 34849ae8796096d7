/**
 * @strata/models: Strata's bundled default models, each a folder `<id>/` with its `model.json`
 * (manifest and model card) beside its `model.onnx`. This entry only says where they are; open them
 * with `@strata/core/node`'s `ModelRegistry` or a domain package's loader.
 *
 * @example
 * ```ts
 * import { modelsDir, modelDir } from '@strata/models';
 * import { createOrtBackend, ModelRegistry } from '@strata/core/node';
 * import { loadNeuralForecaster } from '@strata/timeseries/node';
 *
 * const registry = await ModelRegistry.open(modelsDir, { backend: createOrtBackend() });
 * const mlp = await loadNeuralForecaster(modelDir('timeseries-mlp'), { backend: createOrtBackend() });
 * ```
 *
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';

/** The ids of the bundled models, one folder each under {@link modelsDir}. */
export const BUNDLED_MODELS = [
  'era5-uk-t2m-1h',
  'esol-solubility',
  'mol-generator',
  'timeseries-mlp',
  'tox21-toxicity',
] as const;

/** The id of a bundled model. */
export type BundledModelId = (typeof BUNDLED_MODELS)[number];

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The absolute path of the folder that holds the bundled models: give it to `ModelRegistry.open`
 * (or a server's `modelsDir`). This module runs compiled from `dist/`, one level below the folders,
 * or as its source beside them (tests, scripts run with tsx).
 */
export const modelsDir: string = basename(here) === 'dist' ? dirname(here) : here;

/** The absolute path of one bundled model's folder, e.g. for `loadNeuralForecaster`. */
export function modelDir(id: BundledModelId): string {
  if (!(BUNDLED_MODELS as readonly string[]).includes(id)) {
    throw new RangeError(
      `"${id}" is not a bundled model; the bundled models are ${BUNDLED_MODELS.join(', ')}`,
    );
  }
  return join(modelsDir, id);
}
