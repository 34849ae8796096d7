import { fileURLToPath } from 'node:url';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { NeuralForecaster } from '@strata/timeseries';
import { expect, it } from 'vitest';
import { evaluate, rScores } from './evaluate.js';

it('the shipped timeseries-mlp model still reaches its card metrics on the 87 held-out test windows', async () => {
  const registry = await ModelRegistry.open(fileURLToPath(new URL('..', import.meta.url)), {
    backend: createOrtBackend(),
  });
  const model = await NeuralForecaster.fromRegistry(registry, 'timeseries-mlp');
  const { model: got, seasonalNaive } = await evaluate(model, 'test');
  const card = registry.manifest('timeseries-mlp').card.metrics.filter((m) => m.split === 'test');
  await registry.close();
  const metric = (name: string) => card.find((m) => m.name === name)!;
  // The card rounds to 1e-4.
  expect(got.mase).toBeLessThanOrEqual(metric('mean_mase').value + 1e-4);
  expect(got.smape).toBeLessThanOrEqual(metric('mean_smape').value + 1e-4);
  expect(seasonalNaive.mase).toBeCloseTo(metric('mean_mase').baseline!.value, 3);
  // Better than the seasonal naive baseline, ours and R's (2.075 mean MASE).
  expect(got.mase).toBeLessThan(seasonalNaive.mase);
  expect(got.mase).toBeLessThan(rScores().snaive!.mase);
  expect(got.coverage80).toBeCloseTo(metric('coverage_80').value, 3);
  expect(got.coverage95).toBeCloseTo(metric('coverage_95').value, 3);
});
