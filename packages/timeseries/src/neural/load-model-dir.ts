// Node-only: opens one model folder from disk. Kept out of the package's main entry (which runs
// anywhere); exported from `@strata/timeseries/node`.
import type { Backend, SessionOptions } from '@strata/core';
import { ModelRegistry, type ModelEntry } from '@strata/core/node';
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
 * A neural forecaster from one model folder (`model.json` beside its ONNX file), opened by core's
 * registry (`ModelRegistry.openFolder`): manifest valid, sha256 of the ONNX file as declared, graph
 * tensors as declared, warmed up; then the windowed-forecaster contract. The forecaster owns its session: release it with
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
  const { backend, sessionOptions } = options;
  const registry = await ModelRegistry.openFolder(dir, {
    backend,
    ...(sessionOptions && { sessionOptions }),
  });
  const [{ manifest }] = registry.list() as [ModelEntry];
  try {
    return await NeuralForecaster.fromRegistry(registry, manifest.id, { ...options, ownsSession: true });
  } catch (err) {
    await registry.close();
    throw err;
  }
}
