import { InvalidArgumentError } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { FORECASTING_TASK } from '../neural/contract.js';
import { NeuralForecaster } from '../neural/neural-forecaster.js';

/** ONNX forecasters a job opened, by model id; `close` releases their sessions. */
export interface NeuralModels {
  get(id: string): NeuralForecaster | undefined;
  close(): Promise<void>;
}

/**
 * Opens the forecasting models `ids` of a models directory on the calling (job) thread, one intra-op
 * thread each. An id that is no forecasting model there is `INVALID_ARGUMENT` naming the ones there are.
 */
export async function openNeuralModels(modelsDir: string, ids: readonly string[]): Promise<NeuralModels> {
  const registry = await ModelRegistry.open(modelsDir, {
    backend: createOrtBackend(),
    sessionOptions: { intraOpThreads: 1 },
    warmup: false,
  });
  const models = new Map<string, NeuralForecaster>();
  try {
    const there = registry.byTask(FORECASTING_TASK).map((e) => e.manifest.id);
    for (const id of ids) {
      if (!there.includes(id))
        throw new InvalidArgumentError(
          'models',
          `unknown model "${id}"; the ONNX forecasters are ${there.join(', ') || 'none'}`,
          { value: id },
        );
      models.set(id, await NeuralForecaster.fromRegistry(registry, id));
    }
  } catch (err) {
    await registry.close();
    throw err;
  }
  return { get: (id) => models.get(id), close: () => registry.close() };
}
