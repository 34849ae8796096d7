import { cp, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStrataError } from '@strata/core';
import { createOrtBackend } from '@strata/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest } from '../evaluation/backtest.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { loadNeuralForecaster } from './load-model-dir.js';
import type { NeuralForecaster } from './neural-forecaster.js';

// The bundled default model, made by models/timeseries-mlp from real series.
const modelDir = fileURLToPath(new URL('../../../../models/timeseries-mlp/', import.meta.url));
const ref = referenceSeries().find((r) => r.name === 'AirPassengers')!;
const air = series(ref.name, ref.train, { period: 12 });
const nile = (() => {
  const r = referenceSeries().find((x) => x.name === 'Nile')!;
  return series(r.name, r.train);
})();

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (err: unknown) => (isStrataError(err) ? err.code : String(err)),
  );

describe('a neural forecaster on the bundled timeseries-mlp model', () => {
  let model: NeuralForecaster;
  beforeAll(async () => {
    model = await loadNeuralForecaster(modelDir, { backend: createOrtBackend() });
  });
  afterAll(() => model.dispose());

  it('forecast series past 1e±100 in their own units, or refuse them with SERIES_OVERFLOW, never NaN', async () => {
    const big = await model.forecast(
      series(
        'big',
        ref.train.map((v) => v * 2 ** 400),
        { period: 12 },
      ),
      { h: 12 },
    );
    const plain = await model.forecast(air, { h: 12 });
    expect(big.scaleExponent).toBeGreaterThan(400);
    for (let k = 0; k < 12; k++)
      expect(Math.abs(big.mean[k]! / 2 ** 400 / plain.mean[k]! - 1)).toBeLessThan(1e-4);
    const tiny = await model.forecast(
      series(
        'tiny',
        Array.from({ length: 40 }, (_, i) => ((i % 3) + 1) * 5e-324),
      ),
      {
        h: 3,
      },
    );
    expect(tiny.mean.every((v) => v >= 0 && v < 1e-322)).toBe(true);
    const reported = series('reported', [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308]);
    expect(await codeOf(model.forecast(reported, { h: 3 }))).toBe('SERIES_OVERFLOW');
  });

  it('forecast a seasonal series with nested 80% and 95% intervals from its quantiles', async () => {
    const f = await model.forecast(air, { h: 24 });
    expect(f.model).toBe('timeseries-mlp');
    expect(f.mean).toHaveLength(24);
    expect(f.intervals.map((i) => i.level)).toEqual([80, 95]);
    const [i80, i95] = f.intervals;
    for (let k = 0; k < 24; k++) {
      expect(i95!.lower[k]).toBeLessThanOrEqual(i80!.lower[k]!);
      expect(i80!.lower[k]).toBeLessThanOrEqual(f.mean[k]!);
      expect(f.mean[k]).toBeLessThanOrEqual(i80!.upper[k]!);
      expect(i80!.upper[k]).toBeLessThanOrEqual(i95!.upper[k]!);
    }
    // The seasonal figure is put back: each July (steps 7 and 19) above its January.
    expect(f.mean[6]).toBeGreaterThan(f.mean[0]!);
    expect(f.mean[18]).toBeGreaterThan(f.mean[12]!);
    expect(f.fitted).toHaveLength(air.values.length);
    expect(f.fitted.every(Number.isNaN)).toBe(true);
    const only80 = await model.forecast(air, { h: 24, levels: [80] });
    expect(only80.intervals.map((i) => i.level)).toEqual([80]);
  });

  it('give the same forecasts for series batched together as one by one', async () => {
    const [a, b] = await model.forecastMany([air, nile], { h: 6 });
    const alone = await model.forecast(nile, { h: 6 });
    b!.mean.forEach((v, i) => expect(v).toBeCloseTo(alone.mean[i]!, 6));
    expect(a!.mean).toHaveLength(6);
  });

  it('roll forward on the median beyond its 24-step horizon', async () => {
    const short = await model.forecast(air, { h: 24 });
    const long = await model.forecast(air, { h: 40 });
    expect(long.mean).toHaveLength(40);
    long.mean.subarray(0, 24).forEach((v, i) => expect(v).toBeCloseTo(short.mean[i]!, 6));
    expect(long.mean.every(Number.isFinite)).toBe(true);
  });

  it('left-pad a short series, and refuse one below its minimum or with a gap', async () => {
    const f = await model.forecast(series('tiny', [10, 12, 11, 13]), { h: 3 });
    expect(f.mean.every((v) => v > 5 && v < 20)).toBe(true);
    await expect(model.forecast(series('two', [1, 2]), { h: 3 })).rejects.toThrow(
      /series "two" has 2 values; model "timeseries-mlp" needs at least 3 \(it reads 64, left-padding shorter series\)/,
    );
    expect(await codeOf(model.forecast(series('gap', [1, 2, NaN, 4]), { h: 3 }))).toBe(
      'SERIES_MISSING_VALUE',
    );
    await expect(model.forecast(air, { h: 3, levels: [99] })).rejects.toThrow(
      /gives intervals at levels 80, 95, not 99/,
    );
    expect(await codeOf(model.forecast(air, { h: 0 }))).toBe('INVALID_ARGUMENT');
  });

  it('run in the backtest API, which then returns a promise', async () => {
    const { windows, metrics } = await backtest(air, model.forecaster, { h: 12, windows: 3 });
    expect(windows.map((w) => w.cutoff)).toEqual([84, 96, 108]);
    expect(Object.keys(metrics.coverage)).toEqual(['80', '95']);
    expect(metrics.mase).toBeGreaterThan(0);
    expect(metrics.mase).toBeLessThan(3);
    const direct = await model.forecast(series(air.id, air.values.subarray(0, 84), { period: 12 }), {
      h: 12,
    });
    expect(Array.from(windows[0]!.forecast.mean)).toEqual(Array.from(direct.mean));
  });
});

describe('loading a neural forecaster from a model folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-neural-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A copy of the bundled model with its manifest changed. */
  async function altered(name: string, change: (m: Record<string, unknown>) => void): Promise<string> {
    const to = join(dir, name);
    await cp(modelDir, to, { recursive: true });
    const manifest = JSON.parse(await readFile(join(to, 'model.json'), 'utf8')) as Record<string, unknown>;
    change(manifest);
    await writeFile(join(to, 'model.json'), JSON.stringify(manifest));
    return to;
  }
  const load = (at: string) => loadNeuralForecaster(at, { backend: createOrtBackend() });

  it('refuses a file whose hash is not the declared one', async () => {
    const at = await altered('hash', (m) => (m.sha256 = '0'.repeat(64)));
    expect(await codeOf(load(at))).toBe('MODEL_HASH_MISMATCH');
  });

  it('refuses a manifest that breaks the forecaster contract, naming the field', async () => {
    const at = await altered('contract', (m) => ((m.postprocessing as Record<string, unknown>).horizon = 12));
    await expect(load(at)).rejects.toThrow(
      /model "timeseries-mlp": manifest field "outputs\[0\]\.dims" is invalid: must be \[batch, 12, 5\]/,
    );
  });
});
