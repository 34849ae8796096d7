import { isStrataError } from '@strata/core';
import type { Forecast } from '../models/forecast.js';
import { FORECASTERS, type ForecastMethod } from '../models/registry.js';
import { series } from '../series/series.js';

/** One series to forecast, as it crosses to a worker thread. */
export interface ForecastTask {
  readonly series: { readonly id: string; readonly values: Float64Array; readonly period: number };
  readonly method: ForecastMethod;
  readonly h: number;
  readonly levels?: readonly number[] | undefined;
}

/** A task's outcome: the forecast without the fitting internals, or the error. */
export interface TaskResult {
  readonly forecast?: Forecast;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Forecasts one series; never throws, so one bad series cannot stop a batch. */
export function forecastTask(task: ForecastTask): TaskResult {
  try {
    const s = series(task.series.id, task.series.values, { period: task.series.period });
    const f = FORECASTERS[task.method](s, { h: task.h, ...(task.levels ? { levels: task.levels } : {}) });
    // Fitting internals (state space models, candidate lists) stay behind; the report of `auto` comes along.
    const { selection: _selection, ...forecast } = f as Forecast & { selection?: unknown };
    return { forecast };
  } catch (err) {
    const code = isStrataError(err) ? err.code : 'FORECAST_FAILED';
    return { error: { code, message: err instanceof Error ? err.message : String(err) } };
  }
}
