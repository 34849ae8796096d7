import { isStrataError } from '@strata/core';
import type { Forecast } from '../models/forecast.js';
import { FORECASTERS, type ForecastMethod } from '../models/registry.js';
import { series } from '../series/series.js';
import { runStoppable } from '../stats/stop-check.js';

/** One series to forecast, as it crosses to a worker thread. */
export interface ForecastTask {
  readonly series: { readonly id: string; readonly values: Float64Array; readonly period: number };
  readonly method: ForecastMethod;
  readonly h: number;
  readonly levels?: readonly number[] | undefined;
  /**
   * Set to non-zero by the caller to cancel (shared memory: a thread busy with a fit cannot receive
   * a message, but reads this in its loops).
   */
  readonly cancel?: Int32Array | undefined;
}

/** A task's outcome: the forecast without the fitting internals, or the error. */
export interface TaskResult {
  readonly forecast?: Forecast;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What stops a task besides its cancel flag. */
export interface TaskLimits {
  readonly signal?: AbortSignal | undefined;
  readonly deadline?: number | undefined;
}

/**
 * Forecasts one series. A series that cannot be forecast gets an error outcome, so one bad series
 * cannot stop a batch; a cancel or a passed deadline throws (`ABORTED`, `DEADLINE_EXCEEDED`), since
 * it stops the whole call.
 */
export function forecastTask(task: ForecastTask, limits: TaskLimits = {}): TaskResult {
  try {
    const s = series(task.series.id, task.series.values, { period: task.series.period });
    const options = { h: task.h, ...(task.levels ? { levels: task.levels } : {}), ...limits };
    const f = runStoppable({ flag: task.cancel }, () => FORECASTERS[task.method](s, options));
    // Fitting internals (state space models, candidate lists) stay behind; the report of `auto` comes along.
    const { selection: _selection, ...forecast } = f as Forecast & { selection?: unknown };
    return { forecast };
  } catch (err) {
    if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
    const code = isStrataError(err) ? err.code : 'FORECAST_FAILED';
    return { error: { code, message: err instanceof Error ? err.message : String(err) } };
  }
}
