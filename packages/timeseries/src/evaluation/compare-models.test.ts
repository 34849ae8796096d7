import { AbortedError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { SeriesError } from '../errors.js';
import { FORECASTERS, isForecastMethod } from '../models/registry.js';
import type { Forecast, ForecastOptions } from '../models/forecast.js';
import { series, type Series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { backtest, type AsyncForecaster } from './backtest.js';
import { compareModels, summariseBacktests } from './compare-models.js';

const air = (() => {
  const ref = referenceSeries().find((r) => r.name === 'AirPassengers')!;
  return series(ref.name, [...ref.train, ...ref.test], { period: 12 });
})();

/** A statistical forecaster by name, as an async one; any other name refuses every series. */
const forecasterOf =
  (limits: { deadline?: number } = {}) =>
  (model: string): AsyncForecaster =>
  async (s, o) => {
    if (!isForecastMethod(model))
      throw new SeriesError('SERIES_FORMAT', `no forecaster "${model}" for series "${s.id}"`);
    return FORECASTERS[model](s, { ...o, ...limits });
  };

describe('comparing models by backtest', () => {
  it('scores every model on the same windows and names the one with the lowest MASE', async () => {
    const c = await compareModels(air, ['snaive', 'theta', 'naive'], forecasterOf(), { h: 12 });
    expect(c.plan).toEqual({ h: 12, windows: 3, step: 12, note: null });
    expect(c.models.map((m) => m.model)).toEqual(['snaive', 'theta', 'naive']);
    const theta = backtest(air, FORECASTERS.theta, { h: 12, windows: 3 }).metrics;
    expect(c.models[1]!.metrics).toEqual(theta);
    const lowest = [...c.models].sort((a, b) => a.metrics!.mase - b.metrics!.mase)[0]!.model;
    expect(c.best).toBe(lowest);
  });

  it('fits the windows to a short series when none are asked for, and says so', async () => {
    const short = series('short', air.values.subarray(0, 72), { period: 12 });
    const c = await compareModels(short, ['snaive', 'theta'], forecasterOf(), { h: 24 });
    expect(c.plan).toMatchObject({ h: 24, windows: 2 });
    expect(c.plan!.note).toMatch(/2 windows of 24 steps fit/);
    expect(c.models.every((m) => m.metrics !== null)).toBe(true);
  });

  it('gives a model that fails its error while the others go on', async () => {
    const c = await compareModels(air, ['theta', 'nonsense'], forecasterOf(), { h: 12 });
    expect(c.models[0]!.metrics).not.toBeNull();
    expect(c.models[1]).toMatchObject({ metrics: null, error: { code: 'SERIES_FORMAT' } });
    expect(c.best).toBe('theta');
  });

  it('gives every model the error of a series too short for windows asked for', async () => {
    const c = await compareModels(air, ['snaive', 'theta'], forecasterOf(), { h: 24, windows: 10 });
    expect(c.plan).toBeNull();
    expect(c.best).toBeNull();
    for (const m of c.models) expect(m.error?.message).toMatch(/too few for 10 windows of 24 steps/);
  });

  it('ends at a deadline, which no model keeps as its own error', async () => {
    const past = forecasterOf({ deadline: Date.now() - 1 });
    await expect(compareModels(air, ['ets'], past, { h: 12 })).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
    });
  });

  it('cancels the other models’ forecasts when one model’s backtest is cancelled', async () => {
    // One model waits in each window until its signal fires; the other is cancelled at once.
    const waiting: (AbortSignal | undefined)[] = [];
    const stillWaiting: (() => void)[] = [];
    const forecasters = (model: string): AsyncForecaster =>
      model === 'cancelled'
        ? async () => {
            throw new AbortedError('the model was cancelled');
          }
        : async (_, o) => {
            waiting.push(o.signal);
            await new Promise<void>((resolve) => {
              stillWaiting.push(resolve);
              o.signal?.addEventListener('abort', () => resolve(), { once: true });
            });
            throw new AbortedError('stopped');
          };
    try {
      await expect(compareModels(air, ['waits', 'cancelled'], forecasters, { h: 12 })).rejects.toMatchObject({
        code: 'ABORTED',
      });
      expect(waiting).toHaveLength(3);
      expect(waiting.map((signal) => signal?.aborted)).toEqual([true, true, true]);
    } finally {
      for (const resolve of stillWaiting) resolve();
    }
  });

  it('gives its caller’s signal to every forecast, beside the forecast’s own', async () => {
    const caller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const forecasters =
      () =>
      async (s: Series, o: ForecastOptions): Promise<Forecast> => {
        seen.push(o.signal);
        return FORECASTERS.snaive(s, o);
      };
    await compareModels(air, ['snaive', 'naive'], forecasters, { h: 12, signal: caller.signal });
    expect(seen).toHaveLength(6);
    caller.abort();
    expect(seen.every((signal) => signal?.aborted)).toBe(true);
  });

  it('summarise each model over many series: its series counted, metrics not finite left out of the means', () => {
    const summary = summariseBacktests(
      ['theta', 'naive', 'ets'],
      [
        { model: 'theta', mase: 0.8, smape: 4 },
        { model: 'theta', mase: null, smape: 6 },
        { model: 'naive', mase: Number.POSITIVE_INFINITY, smape: Number.NaN },
      ],
    );
    expect(summary).toEqual([
      { model: 'theta', series: 2, mase: 0.8, smape: 5 },
      { model: 'naive', series: 1, mase: null, smape: null },
      { model: 'ets', series: 0, mase: null, smape: null },
    ]);
  });
});
