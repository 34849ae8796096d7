import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODELS, modelDir, modelsDir } from './index.js';

describe('@strata/models', () => {
  it('lists exactly the folders that hold a model, each with its manifest and ONNX file', () => {
    const folders = readdirSync(modelsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(modelsDir, d.name, 'model.json')))
      .map((d) => d.name)
      .sort();
    expect([...BUNDLED_MODELS]).toEqual(folders);
    for (const id of BUNDLED_MODELS) expect(existsSync(join(modelDir(id), 'model.onnx'))).toBe(true);
  });

  it('names the bundled models when asked for another', () => {
    expect(() => modelDir('pangu-weather-24' as never)).toThrow(
      /not a bundled model; the bundled models are era5/,
    );
  });
});
