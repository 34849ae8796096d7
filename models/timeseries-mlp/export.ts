// Step 1 of training timeseries-mlp: cut the training series into model inputs and targets with
// @strata/timeseries's own windowing code and write them for the trainer (models/.cache/timeseries-mlp/,
// not committed). Three sets:
//   select  windows ending before the last h training values of each reference series (h its test horizon)
//   valid   one window per reference series forecasting those last h training values (model selection;
//           `validationSeries`: 85 of the 87, two have too little left before them)
//   final   windows ending anywhere in the training parts (the shipped model is refitted on these)
// The 87 held-out test windows are never read.
//   cd models && node --import tsx timeseries-mlp/export.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceSeries } from '@strata/timeseries/testing';
import { rDatasets, referenceTraining, SPEC, validationSeries, windows, type Windows } from './data.js';

const dir = fileURLToPath(new URL('../.cache/timeseries-mlp/', import.meta.url));
mkdirSync(dir, { recursive: true });

const reference = referenceTraining();
const extra = rDatasets();
const all = [...reference, ...extra];
const hOf = new Map(referenceSeries().map((r) => [r.name, r.h]));
const validating = new Set(validationSeries().map((r) => r.name));
// Reference series keep their last h training values back for validation; the extra series have no
// held-out part to protect and are used whole in both fits.
const selectEnd = (s: { name: string; values: Float64Array }) => s.values.length - (hOf.get(s.name) ?? 0);

const sets: Record<string, Windows> = {
  select: windows(all, { end: selectEnd }),
  valid: windows(
    reference.filter((s) => validating.has(s.name)),
    {
      end: (s) => s.values.length,
      origin: selectEnd,
      targets: (s) => hOf.get(s.name)!,
    },
  ),
  final: windows(all, { end: (s) => s.values.length }),
};

const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
for (const [name, w] of Object.entries(sets)) {
  for (const field of ['input', 'mask', 'target', 'weight', 'series'] as const)
    writeFileSync(`${dir}${name}.${field}.bin`, bytes(w[field]));
  console.log(`${name}: ${w.rows} windows`);
}
const meta = {
  context: SPEC.context,
  horizon: SPEC.horizon,
  quantiles: SPEC.quantiles,
  rows: Object.fromEntries(Object.entries(sets).map(([k, w]) => [k, w.rows])),
  series: all.map((s) => s.name),
  reference: reference.length,
};
writeFileSync(`${dir}meta.json`, JSON.stringify(meta, null, 2));
