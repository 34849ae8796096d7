import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtBackend, ModelRegistry } from '@strata/core/node';
import { writeModelDir } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { openGridFile } from '../open-grid-file.js';
import { ForecastFile } from '../sources/forecast-file.js';
import { panguContractModel } from '../testing/advection-model.js';
import { PANGU_LEVELS, gridModelSpec, panguManifest } from './grid-model.js';
import { rollout, type GridModel } from './rollout.js';

const [H, W] = [721, 1440];

describe('the full-size Pangu-Weather contract', () => {
  it('loads stand-ins through Pangu manifests and rolls out at 0.25°, writing a CF file', async () => {
    const models = [24, 6] as const;
    const dir = await writeModelDir(
      models.map((step) => {
        const bytes = panguContractModel(step);
        return {
          folder: `pangu-${step}h`,
          model: bytes,
          manifest: panguManifest(step, createHash('sha256').update(bytes).digest('hex'), 'model.onnx'),
        };
      }),
    );
    // The registry checks the manifest's exact contract against each ONNX graph.
    const registry = await ModelRegistry.open(dir, { backend: createOrtBackend(), warmup: false });
    const loaded: GridModel[] = [];
    for (const step of models) {
      const id = `pangu-weather-${step}h`;
      loaded.push({ spec: gridModelSpec(registry.manifest(id)), session: await registry.session(id) });
    }
    expect(registry.manifest('pangu-weather-24h').inputs.map((i) => [i.name, i.dims])).toEqual([
      ['input', [5, 13, H, W]],
      ['input_surface', [4, H, W]],
    ]);
    // Every field holds its column index: an eastward shift by k cells is then easy to check.
    const column = (n: number) => Float32Array.from({ length: n }, (_, i) => i % W);
    const initial = { input: column(5 * 13 * H * W), input_surface: column(4 * H * W) };
    const path = join(mkdtempSync(join(tmpdir(), 'strata-pangu-')), 'forecast.nc');
    const out = await ForecastFile.create(path, {
      spec: loaded[0]!.spec,
      initTime: Date.UTC(2019, 2, 1),
      deflate: 0,
    });
    await rollout({
      models: loaded,
      initial,
      leads: [6, 24],
      emit: async (lead, state) => out.write(lead, state),
    });
    out.close();
    await registry.close();

    const source = await openGridFile(path);
    const z500 = await source.readField({ variable: 'z', level: 500, time: 1 });
    const t2m = await source.readField({ variable: 't2m', time: 0 });
    expect(source.describe('z').levels).toEqual([...PANGU_LEVELS]);
    expect([z500.latitude.length, z500.longitude.length]).toEqual([H, W]);
    // 24 h: four cells east; 6 h: one cell east (column j holds what was in column j - k)
    for (const j of [0, 3, 4, 700, 1439]) {
      expect(z500.data[360 * W + j]).toBe((j - 4 + W) % W);
      expect(t2m.data[100 * W + j]).toBe((j - 1 + W) % W);
    }
    source.close();
  });
});
