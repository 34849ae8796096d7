import { InvalidArgumentError, isStrataError } from '@strata/core';
import {
  FORECASTERS,
  isForecastMethod,
  type AsyncForecaster,
  withLimits,
  type Forecast,
  type Limits,
  type NeuralForecaster,
  type Series,
} from '@strata/timeseries';
import type { ForecastPool } from '@strata/timeseries/node';

/** What the API forecasts with: the statistical forecasters on a pool of threads, and ONNX models. */
export interface Forecasters {
  readonly pool: ForecastPool;
  /** Loaded ONNX forecasters by model id. */
  readonly neural: ReadonlyMap<string, NeuralForecaster>;
}

/** One series' outcome. */
export type Outcome =
  | { forecast: Forecast; error?: undefined }
  | { forecast?: undefined; error: { code: string; message: string } };

const STATISTICAL = Object.keys(FORECASTERS);

/**
 * Throws a 400 naming the allowed models when `model` is none of them; `field` is where the request
 * gave it, as every validation error names it (`body.model`, `body.models.1`).
 */
export function checkModel(model: string, f: Forecasters, field: string): void {
  if (isForecastMethod(model) || f.neural.has(model)) return;
  throw new InvalidArgumentError(
    field,
    `unknown model "${model}"; choose one of ${[...STATISTICAL, ...f.neural.keys()].join(', ')}`,
    { value: model },
  );
}

const outcomeOf = (err: unknown): Outcome => {
  if (!isStrataError(err) && !(err instanceof Error)) throw err;
  if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
  return { error: { code: isStrataError(err) ? err.code : 'FORECAST_FAILED', message: err.message } };
};

/**
 * Forecasts every series with one model, off the main thread for the statistical ones (the pool's
 * threads) and batched for ONNX models; a series that fails gets its error and the rest go on.
 */
export async function forecastAll(
  f: Forecasters,
  model: string,
  series: readonly Series[],
  options: { h: number; levels: readonly number[]; signal?: AbortSignal; deadline?: number },
): Promise<Outcome[]> {
  const neural = f.neural.get(model);
  const limits = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
  if (!neural) {
    const results = await f.pool.forecast(series, {
      method: model as keyof typeof FORECASTERS,
      h: options.h,
      levels: options.levels,
      ...limits,
    });
    return results.map((r) => (r.forecast ? { forecast: r.forecast } : { error: r.error }));
  }
  const neuralOptions = { h: options.h, levels: options.levels, ...limits };
  try {
    return (await neural.forecastMany(series, neuralOptions)).map((forecast) => ({ forecast }));
  } catch (err) {
    if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
    // One bad series fails a batch: forecast one by one to give each series its own outcome.
    return Promise.all(
      series.map((s) => neural.forecast(s, neuralOptions).then((forecast) => ({ forecast }), outcomeOf)),
    );
  }
}

/**
 * One model as a forecaster for `backtest`: statistical ones on the pool's threads, within the limits
 * and each call's own (a comparison's cancel when another model ends it).
 */
export function asyncForecaster(f: Forecasters, model: string, limits: Limits = {}): AsyncForecaster {
  const neural = f.neural.get(model);
  if (neural) return withLimits(neural.forecaster, limits);
  return f.pool.forecaster(model as keyof typeof FORECASTERS, limits);
}
