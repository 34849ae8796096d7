// Trains the bundled ERA5 UK 2 m temperature model and writes model.onnx and model.json beside this file:
//   cd models && node --import tsx era5-uk-t2m-1h/train.ts
// Per grid cell, a least-squares fit of the 1 h tendency on the temperature itself and the time of day
// (sin, cos of the UTC hour angle, the model's diurnal forcing), on 1-24 March 2019; scored on 25-31 March.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphBuilder, tensor } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { forcingValue, gridModelManifest, type GridModel } from '@strata/weather';
import { FIRST_HELD_OUT, SPEC, loadStates } from './data.js';
import { evaluate } from './evaluate.js';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const { times, states } = await loadStates();
const cells = states[0]!.input_surface!.length;

// Normal equations per cell over the training pairs (t, t + 1), both before the held-out week.
const coef = {
  a: new Float32Array(cells),
  s: new Float32Array(cells),
  c: new Float32Array(cells),
  d: new Float32Array(cells),
};
for (let k = 0; k < cells; k++) {
  const xtx = Array.from({ length: 4 }, () => new Float64Array(4));
  const xty = new Float64Array(4);
  for (let t = 0; t + 1 < FIRST_HELD_OUT; t++) {
    const x = states[t]!.input_surface![k]!;
    const [s, c] = forcingValue('diurnal', times[t]!);
    const row = [x, s!, c!, 1];
    const y = states[t + 1]!.input_surface![k]! - x;
    for (let i = 0; i < 4; i++) {
      xty[i]! += row[i]! * y;
      for (let j = 0; j < 4; j++) xtx[i]![j]! += row[i]! * row[j]!;
    }
  }
  const [a, s, c, d] = solve(xtx, xty) as [number, number, number, number];
  [coef.a[k], coef.s[k], coef.c[k], coef.d[k]] = [a, s, c, d];
}

const [h, w] = [SPEC.grid.latitudes, SPEC.grid.longitudes];
const g = new GraphBuilder('era5-uk-t2m-1h');
const x = g.input('input_surface', 'float32', [1, h, w]);
const diurnal = g.input('diurnal', 'float32', [2]);
const weights = new Float32Array(2 * cells);
weights.set(coef.s, 0);
weights.set(coef.c, cells);
const forcing = g.node('Reshape', [
  g.node('MatMul', [diurnal, g.initializer('w_diurnal', tensor('float32', weights, [2, cells]))]),
  g.initializer('field_shape', tensor('int64', [1n, BigInt(h), BigInt(w)], [3])),
]);
const tendency = g.node('Add', [
  g.node('Add', [g.node('Mul', [x, g.initializer('a', tensor('float32', coef.a, [1, h, w]))]), forcing]),
  g.initializer('d', tensor('float32', coef.d, [1, h, w])),
]);
g.output(g.node('Add', [x, tendency], {}, 'output_surface'), 'float32', [1, h, w]);
const bytes = g.toModel().model;
writeFileSync(here('model.onnx'), bytes);

const session = await createOrtBackend().createSession({ bytes });
const model: GridModel = { spec: SPEC, session };
const scores = await evaluate(model, times, states);
await session.dispose();
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const manifest = gridModelManifest({
  id: 'era5-uk-t2m-1h',
  version: '1.0.0',
  spec: SPEC,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  license: 'Apache-2.0',
  card: {
    description:
      'Hourly 2 m temperature over the UK at 0.25°: per grid cell, the 1 h tendency as a linear function of the temperature and the time of day. Longer leads by repeated 1 h steps.',
    trainingData: {
      name: 'ERA5 hourly 2 m temperature, UK window (58-50 N, 10 W-2 E), March 2019',
      source: 'ECMWF ERA5 via the pydata xarray-data sample (era5-2mt-2019-03-uk.grib)',
      license:
        'Copernicus licence (attribution: contains modified Copernicus Climate Change Service information 2019)',
      split:
        'train 2019-03-01 00 UTC to 2019-03-24 23 UTC; held out 2019-03-25 00 UTC to 2019-03-31 23 UTC (every initial time with its verifying hours)',
    },
    metrics: scores.map((s) => ({
      name: `rmse_${s.lead}h`,
      value: round(s.model),
      split: 'held-out',
      higherIsBetter: false,
      baseline: { name: 'persistence', value: round(s.persistence) },
    })),
    intendedUse:
      'A small real default model for the quick start, tests and demonstrations of the rollout path.',
    limitations:
      'Trained on one month over one region; no advection, no weather regimes: it learns the mean diurnal cycle.',
    trainingScript: 'models/era5-uk-t2m-1h/train.ts',
  },
});
writeFileSync(here('model.json'), JSON.stringify(manifest, null, 2) + '\n');
for (const s of scores) {
  console.log(
    `lead ${s.lead} h: model RMSE ${s.model.toFixed(4)} K, persistence ${s.persistence.toFixed(4)} K (${((1 - s.model / s.persistence) * 100).toFixed(1)}% better)`,
  );
}

/** Solves a small symmetric system by Gaussian elimination with partial pivoting (a tiny ridge keeps it regular). */
function solve(a: Float64Array[], b: Float64Array): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row.map((v, j) => v + (i === j ? 1e-9 : 0)), b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
