import { describe, expect, it } from 'vitest';
import type { ModelManifestInput } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { manifestFor, mlpModel, writeModelDir } from '@strata/core/testing';
import { kserveRoutes, MAX_INFER_EXAMPLE_VALUES } from './kserve.js';
import { openApiDocument } from './openapi.js';

const model = mlpModel().model;

/** A registry of one model with these inputs (its session is never made: the document needs none). */
async function registryOf(inputs: ModelManifestInput['inputs']): Promise<ModelRegistry> {
  const io = { inputs, outputs: [{ name: 'y', dtype: 'float32' as const, dims: ['batch', 2] }] };
  const dir = await writeModelDir([{ folder: 'm', model, manifest: manifestFor('m', model, io) }]);
  return ModelRegistry.open(dir, { backend: createOrtBackend() });
}

const examples = (registry: ModelRegistry) =>
  Object.fromEntries(kserveRoutes(registry).map((r) => [`${r.method} ${r.path}`, r.example]));

describe('the KServe routes’ examples', () => {
  it('give an inference example of the model’s shape, a batch of one, filled with zeros', async () => {
    const registry = await registryOf([{ name: 'x', dtype: 'float32', dims: ['batch', 4] }]);
    expect(examples(registry)['post /v2/models/{name}/infer']).toEqual({
      params: { name: 'm' },
      body: { inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] }] },
    });
  });

  it('leave out an inference example too big to document (a Pangu-class input), not the model’s others', async () => {
    // Pangu-Weather's upper-air input: 5 variables x 13 levels x 721 x 1440, about 67 million values.
    const pangu = await registryOf([{ name: 'input', dtype: 'float32', dims: [5, 13, 721, 1440] }]);
    const byRoute = examples(pangu);
    expect(byRoute['post /v2/models/{name}/infer']).toBeUndefined();
    expect(byRoute['get /v2/models/{name}']).toEqual({ params: { name: 'm' } });
    const doc = openApiDocument({ title: 'x', version: '1' }, kserveRoutes(pangu), {
      secured: false,
      strictExamples: true,
    });
    expect(JSON.stringify(doc).length).toBeLessThan(100_000);
  });

  it('keep an example at the limit and leave out one just past it, counting every input', async () => {
    const half = MAX_INFER_EXAMPLE_VALUES / 2;
    const at = await registryOf([
      { name: 'a', dtype: 'float32', dims: ['batch', half] },
      { name: 'b', dtype: 'int64', dims: [1, half] },
    ]);
    expect(examples(at)['post /v2/models/{name}/infer']).toBeDefined();
    const past = await registryOf([
      { name: 'a', dtype: 'float32', dims: ['batch', half] },
      { name: 'b', dtype: 'int64', dims: [1, half + 1] },
    ]);
    expect(examples(past)['post /v2/models/{name}/infer']).toBeUndefined();
  });
});
