import { fileURLToPath } from 'node:url';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { propertyModelSpec } from '@strata/drug';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esol, tox21 } from './data.js';
import { meanAuc, predictSplit, rmse } from './evaluate.js';

describe('the shipped drug property models still reach their card metrics on held-out data', () => {
  let registry: ModelRegistry;
  beforeAll(async () => {
    registry = await ModelRegistry.open(fileURLToPath(new URL('..', import.meta.url)), {
      backend: createOrtBackend(),
    });
  });
  afterAll(() => registry.close());

  it('esol-solubility: test RMSE as on its card, well below the ESOL equation and MoleculeNet RF (1.07)', async () => {
    const manifest = registry.manifest('esol-solubility');
    const spec = propertyModelSpec(manifest);
    const data = await esol();
    const { rows, predictions } = await predictSplit(
      'esol-solubility',
      spec,
      await registry.session('esol-solubility'),
      data,
      'test',
    );
    const got = rmse(
      predictions.map((p) => p[0]!),
      rows.map((r) => data.labels[r]!),
    );
    const [metric] = manifest.card.metrics;
    expect(metric!.name).toBe('rmse');
    expect(got).toBeLessThanOrEqual(metric!.value + 1e-4);
    expect(got).toBeLessThan(metric!.baseline!.value * 0.8);
    expect(got).toBeLessThan(1.07);
  });

  it('tox21-toxicity: test mean ROC-AUC as on its card, above logistic regression and MoleculeNet (0.77)', async () => {
    const manifest = registry.manifest('tox21-toxicity');
    const spec = propertyModelSpec(manifest);
    const data = await tox21();
    const { rows, predictions } = await predictSplit(
      'tox21-toxicity',
      spec,
      await registry.session('tox21-toxicity'),
      data,
      'test',
    );
    const got = meanAuc(predictions, rows, data);
    const [metric] = manifest.card.metrics;
    expect(metric!.name).toBe('mean_roc_auc');
    expect(got).toBeGreaterThanOrEqual(metric!.value - 1e-4);
    expect(got).toBeGreaterThan(metric!.baseline!.value);
    expect(got).toBeGreaterThan(0.77);
    expect(predictions.every((p) => p.every((v) => v >= 0 && v <= 1))).toBe(true);
  });
});
