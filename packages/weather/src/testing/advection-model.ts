import { createHash } from 'node:crypto';
import { GraphBuilder, tensor } from '@strata/core';
import { writeModelDir } from '@strata/core/testing';
import { gridModelManifest, panguSpec, tensorDims, type GridModelSpec } from '../model/grid-model.js';

/**
 * A stand-in forecast model with any grid model's exact input/output contract: every field is carried
 * east by one grid cell per 6 hours (zonal advection). A 6k-hour model shifts by k cells; a shorter one
 * blends the field with its shifted self. It needs no weights, so a full-size Pangu-contract model is a
 * few kilobytes and exercises the real path (tensor sizes, memory, writing) in CI.
 */
export function advectionModel(spec: GridModelSpec): Uint8Array {
  const g = new GraphBuilder(`advection-${spec.stepHours}h`);
  const width = spec.grid.longitudes;
  const cells = spec.stepHours / 6;
  const shift = Math.max(1, Math.floor(cells));
  const indices = BigInt64Array.from({ length: width }, (_, j) => BigInt((j - shift + width * 8) % width));
  const idx = g.initializer('roll', tensor('int64', indices, [width]));
  for (const t of spec.tensors) {
    const dims = tensorDims(spec, t);
    const x = g.input(t.input, 'float32', dims);
    const rolled = g.node('Gather', [x, idx], { axis: dims.length - 1 });
    if (Number.isInteger(cells)) {
      g.output(g.node('Identity', [rolled], {}, t.output), 'float32', dims);
    } else {
      const a = g.initializer(`a_${t.input}`, tensor('float32', [cells], []));
      const keep = g.initializer(`keep_${t.input}`, tensor('float32', [1 - cells], []));
      const mixed = g.node('Add', [g.node('Mul', [x, keep]), g.node('Mul', [rolled, a])]);
      g.output(g.node('Identity', [mixed], {}, t.output), 'float32', dims);
    }
  }
  return g.toModel().model;
}

/** The stand-in for `pangu_weather_<step>.onnx`: the exact Pangu contract, full size. */
export function panguContractModel(stepHours: 1 | 3 | 6 | 24): Uint8Array {
  return advectionModel(panguSpec(stepHours));
}

/** A small grid model with Pangu's structure (upper-air and surface tensors) for fast tests. */
export function miniSpec(stepHours: number): GridModelSpec {
  return {
    stepHours,
    grid: { latitudeFirst: 60, latitudeLast: -60, latitudes: 5, longitudeFirst: 0, longitudes: 8 },
    tensors: [
      { input: 'input', output: 'output', variables: ['z', 't'], levels: [850, 500] },
      { input: 'input_surface', output: 'output_surface', variables: ['msl', 't2m'] },
    ],
    forcings: [],
  };
}

/** Writes advection stand-in models for the given step lengths into a fresh model directory. */
export async function writeAdvectionModels(
  specFor: (step: number) => GridModelSpec,
  steps: readonly number[],
): Promise<{ dir: string; ids: string[] }> {
  const models = steps.map((step) => {
    const spec = specFor(step);
    const bytes = advectionModel(spec);
    const id = `advection-${step}h`;
    const manifest = gridModelManifest({
      id,
      version: '1.0.0',
      spec,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      license: 'Apache-2.0',
      card: {
        description: 'Zonal advection by one grid cell per 6 hours: a stand-in with a real model contract.',
        trainingData: { name: 'none', source: 'not trained: a fixed physical tendency', split: 'none' },
        metrics: [],
      },
    });
    return { folder: id, model: bytes, manifest };
  });
  return { dir: await writeModelDir(models), ids: models.map((m) => m.folder) };
}
