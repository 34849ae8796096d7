// Held-out metrics of timeseries-mlp through the serving path (NeuralForecaster on the core ONNX
// runner), beside the seasonal naive baseline of @strata/timeseries and R forecast 8.20's methods.
import {
  coverage,
  mase,
  maseScale,
  seasonalNaive,
  series,
  smape,
  type Forecast,
  type NeuralForecaster,
} from '@strata/timeseries';
import { referenceMetrics, referenceSeries } from '@strata/timeseries/testing';
import { validationSeries } from './data.js';

/** The scores of one method over the series of a split: means over series. */
export interface Scores {
  readonly mase: number;
  readonly smape: number;
}

/** The model's and the baseline's scores on one split, with the model's interval coverage. */
export interface Evaluation {
  readonly model: Scores & { readonly coverage80: number; readonly coverage95: number };
  readonly seasonalNaive: Scores;
  /** Per series, the model's MASE. */
  readonly perSeries: ReadonlyMap<string, number>;
}

/**
 * `test`: forecast each reference series' held-out test window (h as the datasets README says) from
 * its training part (87 series). `valid`: forecast the last h training values from the rest (model
 * selection only; the 85 series of `validationSeries`).
 */
export async function evaluate(model: NeuralForecaster, split: 'test' | 'valid'): Promise<Evaluation> {
  const cases = (split === 'test' ? referenceSeries() : validationSeries()).map((r) => {
    const cut = split === 'test' ? r.train.length : r.train.length - r.h;
    const all = split === 'test' ? Float64Array.from([...r.train, ...r.test]) : r.train;
    return {
      ...r,
      history: series(r.name, all.subarray(0, cut), { period: r.period }),
      actual: all.slice(cut),
    };
  });
  const forecasts = new Map<string, Forecast>();
  // One batched run (per roll-forward step) for all series of a horizon.
  for (const h of new Set(cases.map((c) => c.h))) {
    const group = cases.filter((c) => c.h === h);
    const out = await model.forecastMany(
      group.map((c) => c.history),
      { h },
    );
    group.forEach((c, i) => forecasts.set(c.name, out[i]!));
  }
  const mean = (f: (c: (typeof cases)[number]) => number) =>
    cases.reduce((a, c) => a + f(c), 0) / cases.length;
  const scale = (c: (typeof cases)[number]) => maseScale(c.history.values, c.period);
  const modelMase = (c: (typeof cases)[number]) => mase(c.actual, forecasts.get(c.name)!.mean, scale(c));
  const naive = (c: (typeof cases)[number]) => seasonalNaive(c.history, { h: c.h }).mean;
  const level = (c: (typeof cases)[number], l: number) =>
    coverage(
      c.actual,
      forecasts.get(c.name)!.intervals.find((i) => i.level === l)!,
    );
  return {
    model: {
      mase: mean(modelMase),
      smape: mean((c) => smape(c.actual, forecasts.get(c.name)!.mean)),
      coverage80: mean((c) => level(c, 80)),
      coverage95: mean((c) => level(c, 95)),
    },
    seasonalNaive: {
      mase: mean((c) => mase(c.actual, naive(c), scale(c))),
      smape: mean((c) => smape(c.actual, naive(c))),
    },
    perSeries: new Map(cases.map((c) => [c.name, modelMase(c)])),
  };
}

/** R forecast 8.20's mean test scores over the 87 series, by method (ets, auto.arima, thetaf, snaive). */
export function rScores(): Record<string, Scores> {
  const rows = [...referenceMetrics().values()];
  const out: Record<string, Scores> = {};
  for (const method of ['ets', 'auto.arima', 'thetaf', 'snaive']) {
    const own = rows.filter((r) => r.method === method);
    const avg = (k: string) => own.reduce((a, r) => a + Number(r[k]), 0) / own.length;
    out[method] = { mase: avg('mase'), smape: avg('smape') };
  }
  return out;
}
