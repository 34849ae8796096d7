import { fileURLToPath } from 'node:url';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { gridModelSpec } from '@strata/weather';
import { expect, it } from 'vitest';
import { loadStates } from './data.js';
import { evaluate } from './evaluate.js';

it('the shipped ERA5 UK 2 m temperature model still reaches its card metrics on held-out data', async () => {
  const registry = await ModelRegistry.open(fileURLToPath(new URL('..', import.meta.url)), {
    backend: createOrtBackend(),
  });
  const manifest = registry.manifest('era5-uk-t2m-1h');
  const model = { spec: gridModelSpec(manifest), session: await registry.session('era5-uk-t2m-1h') };
  const { times, states } = await loadStates();
  const scores = await evaluate(model, times, states);
  await registry.close();
  for (const metric of manifest.card.metrics) {
    const s = scores.find((x) => `rmse_${x.lead}h` === metric.name)!;
    // the card rounds to 1e-4 K
    expect(s.model).toBeLessThanOrEqual(metric.value + 1e-4);
    expect(s.persistence).toBeCloseTo(metric.baseline!.value, 3);
    expect(s.model).toBeLessThan(s.persistence * 0.85); // at least 15% better than persistence at every lead
  }
  expect(manifest.card.metrics.map((m) => m.name)).toEqual(['rmse_1h', 'rmse_6h']);
});
