// Step 3 of training timeseries-mlp: measure the trained model.onnx on the 87 held-out test windows
// through the TypeScript serving path and write its model.json (manifest and model card).
//   cd models && node --import tsx timeseries-mlp/finish.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelManifestInput } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { FORECASTING_TASK, NeuralForecaster } from '@strata/timeseries';
import { SPEC } from './data.js';
import { evaluate, rScores } from './evaluate.js';

const folder = fileURLToPath(new URL('./', import.meta.url));
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const training = JSON.parse(readFileSync(`${folder}training.json`, 'utf8')) as {
  seeds: number[];
  epochs: number;
  hidden: number[];
  windows: Record<string, number>;
};

const { context, horizon, quantiles } = SPEC;
const bytes = readFileSync(`${folder}model.onnx`);
const manifest: ModelManifestInput = {
  id: 'timeseries-mlp',
  version: '1.0.0',
  task: FORECASTING_TASK,
  file: 'model.onnx',
  sha256: createHash('sha256').update(bytes).digest('hex'),
  license: 'Apache-2.0',
  inputs: [
    { name: 'context', dtype: 'float32', dims: ['batch', context], description: 'scaled context window' },
    {
      name: 'observed',
      dtype: 'float32',
      dims: ['batch', context],
      description: '1 observed, 0 left padding',
    },
  ],
  outputs: [{ name: 'quantiles', dtype: 'float32', dims: ['batch', horizon, quantiles.length] }],
  preprocessing: {
    context,
    minLength: SPEC.minLength,
    scaling: SPEC.scaling,
    seasonality: SPEC.seasonality,
    input: 'context',
    mask: 'observed',
  },
  postprocessing: { horizon, output: 'quantiles', quantiles: [...quantiles] },
  card: { description: 'pending', trainingData: { name: '-', source: '-', split: '-' }, metrics: [] }, // filled in below
};

const session = await createOrtBackend().createSession({ bytes });
const model = new NeuralForecaster(parseManifest(manifest, 'timeseries-mlp'), session);
const valid = await evaluate(model, 'valid');
const test = await evaluate(model, 'test');
await session.dispose();
const r = rScores();

const SNAIVE = 'seasonal naive (@strata/timeseries seasonalNaive, same windows)';
const R_CONTEXT = `R forecast 8.20 on the same test windows: ets ${round(r.ets!.mase)}, auto.arima ${round(r['auto.arima']!.mase)}, thetaf ${round(r.thetaf!.mase)}, snaive ${round(r.snaive!.mase)} mean MASE; sMAPE ${round(r.ets!.smape)}, ${round(r['auto.arima']!.smape)}, ${round(r.thetaf!.smape)}, ${round(r.snaive!.smape)}`;
manifest.card = {
  description: `A global forecaster for any univariate series: an ensemble of ${training.seeds.length} multilayer perceptrons (${training.hidden.join(', ')}) that read the last ${context} values (seasonally adjusted as thetaf does, standardised per window) and give the ${quantiles.join(', ')} quantiles of the next ${horizon} steps; longer horizons roll forward on the median.`,
  trainingData: {
    name: `Training parts of the 87 reference series (R datasets, forecast, tseries, fpp2, fma, expsmooth, statsmodels) plus 7 more R datasets series (EuStockMarkets x4, treering, freeny.y, uspop): ${training.windows.final} windows`,
    source:
      '../shared/datasets/timeseries/classic-series.csv; models/timeseries-mlp/r-datasets.csv (Rscript, R datasets, public domain)',
    split: `Test: the last h values of each of the 87 reference series (h = 6 non-seasonal, else 2 seasons), never read in training. Model selection (epochs: ${training.epochs}) on the last h training values of ${training.windows.valid} of them (fma_beer and fma_plastics have too little before theirs), then refitted on all training windows (inputs and targets inside the training part). Seeds ${training.seeds.join(', ')}; models/timeseries-mlp/train.py.`,
  },
  metrics: [
    {
      name: 'mean_mase',
      value: round(test.model.mase),
      split: 'test',
      higherIsBetter: false,
      baseline: { name: SNAIVE, value: round(test.seasonalNaive.mase) },
    },
    {
      name: 'mean_smape',
      value: round(test.model.smape),
      split: 'test',
      higherIsBetter: false,
      baseline: { name: SNAIVE, value: round(test.seasonalNaive.smape) },
    },
    { name: 'coverage_80', value: round(test.model.coverage80), split: 'test', higherIsBetter: true },
    { name: 'coverage_95', value: round(test.model.coverage95), split: 'test', higherIsBetter: true },
    {
      name: 'mean_mase',
      value: round(valid.model.mase),
      split: 'valid (last h training values; used for model selection)',
      higherIsBetter: false,
      baseline: { name: SNAIVE, value: round(valid.seasonalNaive.mase) },
    },
  ],
  intendedUse: `Default forecaster for series without a fitted statistical model, and a second opinion beside ets, theta and auto.arima. ${R_CONTEXT}.`,
  limitations:
    'Trained on about 90 mostly monthly, quarterly and yearly economic and environmental series; intervals of steps beyond the 24 the model forecasts in one run are conditional on the median path and too narrow; no covariates or calendar effects.',
  trainingScript: 'models/timeseries-mlp (r-datasets.R, export.ts, train.py, finish.ts)',
};
parseManifest(manifest, 'timeseries-mlp');
writeFileSync(`${folder}model.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  JSON.stringify(
    { test, valid: valid.model, validNaive: valid.seasonalNaive, r },
    (_key, v: unknown) => (v instanceof Map ? undefined : v),
    1,
  ),
);
