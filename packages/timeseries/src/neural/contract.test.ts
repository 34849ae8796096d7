import { isStrataError, type ModelManifest } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { intervalLevels, windowedForecasterSpec } from './contract.js';

type Contract = Pick<
  ModelManifest,
  'id' | 'task' | 'inputs' | 'outputs' | 'preprocessing' | 'postprocessing'
>;

/** A quantile model's manifest: context 8, horizon 3, five quantiles, with a mask. */
function good(): Contract {
  return {
    id: 'tiny',
    task: 'time-series-forecasting',
    inputs: [
      { name: 'context', dtype: 'float32', dims: ['batch', 8] },
      { name: 'observed', dtype: 'float32', dims: ['batch', 8] },
    ],
    outputs: [{ name: 'quantiles', dtype: 'float32', dims: ['batch', 3, 5] }],
    preprocessing: {
      context: 8,
      minLength: 2,
      scaling: 'standard',
      seasonality: 'classical',
      input: 'context',
      mask: 'observed',
    },
    postprocessing: { horizon: 3, output: 'quantiles', quantiles: [0.025, 0.1, 0.5, 0.9, 0.975] },
  };
}

/** The manifest error of `change` applied to the good manifest. */
function errorOf(change: (m: Contract) => void): { message: string; field: unknown } {
  const m = structuredClone(good());
  change(m);
  try {
    windowedForecasterSpec(m);
  } catch (err) {
    if (!isStrataError(err, 'MANIFEST_INVALID')) throw err;
    return { message: err.message, field: err.context.field };
  }
  throw new Error('no error');
}

describe('the windowed-forecaster manifest contract', () => {
  it('reads a quantile model and a point model', () => {
    expect(windowedForecasterSpec(good())).toEqual({
      id: 'tiny',
      context: 8,
      horizon: 3,
      minLength: 2,
      scaling: 'standard',
      seasonality: 'classical',
      input: 'context',
      mask: 'observed',
      output: 'quantiles',
      quantiles: [0.025, 0.1, 0.5, 0.9, 0.975],
    });
    const point = windowedForecasterSpec({
      ...good(),
      inputs: [{ name: 'x', dtype: 'float32', dims: [null, 8] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['n', 3] }],
      preprocessing: { context: 8, scaling: 'mean-absolute', input: 'x' },
      postprocessing: { horizon: 3, output: 'y' },
    });
    // No padding unless the manifest allows it; no seasonal adjustment unless asked for.
    expect(point).toMatchObject({ minLength: 8, seasonality: 'none', scaling: 'mean-absolute' });
    expect(point.quantiles).toBeUndefined();
    expect(point.mask).toBeUndefined();
  });

  it.each<[string, (m: Contract) => void, string, RegExp]>([
    [
      'another task',
      (m) => (m.task = 'regression'),
      'task',
      /must be "time-series-forecasting".*got "regression"/,
    ],
    [
      'no context',
      (m) => delete m.preprocessing.context,
      'preprocessing.context',
      /must be a whole number >= 1, got undefined/,
    ],
    ['a fractional horizon', (m) => (m.postprocessing.horizon = 2.5), 'postprocessing.horizon', /got 2.5/],
    [
      'minLength above the context',
      (m) => (m.preprocessing.minLength = 9),
      'preprocessing.minLength',
      /in \[1, 8\], got 9/,
    ],
    [
      'an unknown scaling',
      (m) => (m.preprocessing.scaling = 'robust'),
      'preprocessing.scaling',
      /one of mean-absolute, standard, none, got "robust"/,
    ],
    [
      'a misspelt field',
      (m) => (m.preprocessing.contxt = 8),
      'preprocessing.contxt',
      /is not a field; allowed: context, minLength/,
    ],
    [
      'quantiles out of order',
      (m) => (m.postprocessing.quantiles = [0.5, 0.1, 0.9]),
      'postprocessing.quantiles',
      /strictly ascending/,
    ],
    [
      'quantiles without the median',
      (m) => (m.postprocessing.quantiles = [0.1, 0.9]),
      'postprocessing.quantiles',
      /must include the median 0.5/,
    ],
    [
      'an output without the quantile axis',
      (m) => (m.outputs[0]!.dims = ['batch', 3]),
      'outputs[0].dims',
      /must be \[batch, 3, 5\] \(batch dynamic\), got \["batch",3\]/,
    ],
    [
      'a context of the wrong width',
      (m) => (m.inputs[0]!.dims = ['batch', 16]),
      'inputs[0].dims',
      /must be \[batch, 8\]/,
    ],
    ['a fixed batch axis', (m) => (m.inputs[1]!.dims = [1, 8]), 'inputs[1].dims', /batch dynamic/],
    [
      'a float64 input',
      (m) => (m.inputs[0]!.dtype = 'float64'),
      'inputs[0].dtype',
      /must be float32, got float64/,
    ],
    [
      'an input it cannot feed',
      (m) => m.inputs.push({ name: 'calendar', dtype: 'float32', dims: ['batch', 8] }),
      'inputs[2].name',
      /"calendar", which a windowed forecaster cannot feed/,
    ],
    [
      'an output it does not declare',
      (m) => (m.postprocessing.output = 'forecast'),
      'outputs',
      /lacks "forecast".*declared: quantiles/,
    ],
    [
      'the mask on the input',
      (m) => (m.preprocessing.mask = 'context'),
      'preprocessing.mask',
      /must differ from the input/,
    ],
  ])('refuses %s, naming the field', (_what, change, field, message) => {
    const err = errorOf(change);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/^model "tiny": manifest field /);
    expect(err.message).toMatch(message);
  });

  it('pairs symmetric quantiles into interval levels', () => {
    expect(intervalLevels([0.025, 0.1, 0.5, 0.9, 0.975])).toEqual([
      { level: 80, lower: 1, upper: 3 },
      { level: 95, lower: 0, upper: 4 },
    ]);
    // An unpaired quantile gives no interval.
    expect(intervalLevels([0.05, 0.25, 0.5, 0.75])).toEqual([{ level: 50, lower: 1, upper: 3 }]);
    expect(intervalLevels([0.5])).toEqual([]);
  });
});
