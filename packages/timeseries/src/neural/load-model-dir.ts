// Node-only: opens one model folder from disk. Kept out of the package's main entry (which runs
// anywhere); exported from `@strata/timeseries/node`.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelError, messageOf, parseManifest, type Backend, type SessionOptions } from '@strata/core';
import { sha256File } from '@strata/core/node';
import { NeuralForecaster, type NeuralForecasterOptions } from './neural-forecaster.js';

/**
 * Options of {@link loadNeuralForecaster}.
 *
 * @example
 * ```ts
 * const options: LoadNeuralForecasterOptions = { backend: createOrtBackend(), sessionOptions: { intraOpThreads: 1 } };
 * ```
 */
export interface LoadNeuralForecasterOptions extends NeuralForecasterOptions {
  /** Creates the session, e.g. `createOrtBackend()` from `@strata/core/node`. */
  readonly backend: Backend;
  /** @defaultValue the backend's defaults */
  readonly sessionOptions?: SessionOptions;
}

/**
 * A neural forecaster from one model folder (`model.json` beside its ONNX file), checked as core's
 * registry checks its models: manifest valid, sha256 of the ONNX file as declared, graph tensors as
 * declared, and the windowed-forecaster contract. The forecaster owns its session: release it with
 * `model.dispose()`. For a folder of many models, open core's `ModelRegistry` and use
 * `NeuralForecaster.fromRegistry`.
 *
 * @example
 * ```ts
 * import { createOrtBackend } from '@strata/core/node';
 * const model = await loadNeuralForecaster('models/timeseries-mlp', { backend: createOrtBackend() });
 * const f = await model.forecast(air, { h: 24 });
 * await model.dispose();
 * ```
 */
export async function loadNeuralForecaster(
  dir: string,
  options: LoadNeuralForecasterOptions,
): Promise<NeuralForecaster> {
  const path = join(dir, 'model.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ModelError('MANIFEST_INVALID', `${path} cannot be read as JSON: ${messageOf(err)}`, {
      context: { modelId: dir, field: '(root)', path },
      cause: err,
    });
  }
  const manifest = parseManifest(json, path);
  const file = resolve(dir, manifest.file);
  const actual = await sha256File(file).catch((err: unknown) => {
    throw new ModelError(
      'MODEL_FILE_MISSING',
      `model "${manifest.id}": ${file} cannot be read: ${messageOf(err)}`,
      {
        context: { modelId: manifest.id, field: 'file', path: file },
        cause: err,
      },
    );
  });
  if (actual !== manifest.sha256)
    throw new ModelError(
      'MODEL_HASH_MISMATCH',
      `model "${manifest.id}": ${file} has sha256 ${actual} but manifest field "sha256" says ${manifest.sha256}`,
      { context: { modelId: manifest.id, field: 'sha256', expected: manifest.sha256, actual, path: file } },
    );
  const session = await options.backend.createSession({ path: file }, options.sessionOptions);
  try {
    return new NeuralForecaster(manifest, session, { ...options, ownsSession: true });
  } catch (err) {
    await session.dispose();
    throw err;
  }
}
