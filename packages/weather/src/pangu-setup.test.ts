import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStrataError } from '@strata/core';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { describe, expect, it } from 'vitest';
import { writePanguManifests } from './pangu-setup.js';
import { panguContractModel } from './testing/advection-model.js';

describe('registering a user’s Pangu-Weather files', () => {
  it('writes manifests that name the files where they are, and the registry loads them', async () => {
    const own = mkdtempSync(join(tmpdir(), 'my-pangu-'));
    const file = join(own, 'pangu_weather_6.onnx');
    writeFileSync(file, panguContractModel(6)); // a stand-in with the real contract
    const models = mkdtempSync(join(tmpdir(), 'strata-models-'));
    expect(await writePanguManifests(models, [file])).toEqual(['pangu-weather-6h']);
    const registry = await ModelRegistry.open(models, { backend: createOrtBackend(), warmup: false });
    expect(registry.manifest('pangu-weather-6h')).toMatchObject({ file, license: 'CC-BY-NC-SA-4.0' });
    const session = await registry.session('pangu-weather-6h'); // hash and graph contract checked
    expect(session.inputs.map((i) => i.name)).toEqual(['input', 'input_surface']);
    await registry.close();
  });

  it('refuses a file whose name does not say its step', async () => {
    await expect(writePanguManifests(tmpdir(), ['/data/pangu.onnx'])).rejects.toSatisfy(
      (e) =>
        isStrataError(e, 'INVALID_ARGUMENT') &&
        /is not named pangu_weather_<1\|3\|6\|24>\.onnx/.test((e as Error).message),
    );
  });
});
