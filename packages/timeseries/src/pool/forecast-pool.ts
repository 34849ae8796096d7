import { availableParallelism } from 'node:os';
import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import { threadModuleUrl, WorkerPool, type PoolStats, type ThreadEnd } from '@strata/core/node';
import { SeriesError } from '../errors.js';
import type { Forecast } from '../models/forecast.js';
import { isForecastMethod, type ForecastMethod } from '../models/registry.js';
import type { Series } from '../series/series.js';
import { forecastTask, type ForecastTask, type TaskResult } from './forecast-task.js';
import type * as ForecastThread from './forecast-thread.js';

const FORECAST_THREAD = threadModuleUrl(import.meta.url, './forecast-thread.js');

/** Options of {@link forecastMany}. */
export interface ForecastManyOptions {
  readonly method: ForecastMethod;
  /** Horizon: steps to forecast for every series. */
  readonly h: number;
  /** Interval levels in percent. @defaultValue `[80, 95]` */
  readonly levels?: readonly number[];
  /** Worker threads; 0 forecasts on the calling thread. @defaultValue every core */
  readonly threads?: number;
  /** Called after each series with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** One series' outcome: its forecast, or why it has none. */
export type SeriesForecast =
  | { readonly id: string; readonly forecast: Forecast; readonly error?: undefined }
  | {
      readonly id: string;
      readonly forecast?: undefined;
      readonly error: { readonly code: string; readonly message: string };
    };

/** What one call of {@link ForecastPool.forecast} does: the options of `forecastMany` but the threads. */
export type PoolForecastOptions = Omit<ForecastManyOptions, 'threads'>;

/**
 * Forecasting threads kept across calls, so that a job forecasting batch after batch, or a server
 * answering request after request, starts its threads (and loads the forecasters into them) once.
 * Calls may overlap: their series share one first-in, first-out queue that each thread pulls from as
 * it finishes a series; busy threads draw on the process's thread budget (see `ThreadBudget`). A
 * thread that dies is replaced. With zero threads it forecasts on the calling thread.
 *
 * @example
 * ```ts
 * const pool = ForecastPool.open(4);
 * try {
 *   for (const batch of batches) await pool.forecast(batch, { method: 'ets', h: 12 });
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class ForecastPool {
  private constructor(
    private readonly pool: WorkerPool<typeof ForecastThread> | undefined,
    /** Worker threads in the pool. */
    readonly threads: number,
  ) {}

  /** Starts `threads` worker threads. @defaultValue every core */
  static open(threads = availableParallelism()): ForecastPool {
    const n = Math.max(0, threads);
    const pool = n
      ? WorkerPool.start<typeof ForecastThread>({
          module: FORECAST_THREAD,
          name: 'forecasting',
          threads: n,
          errors: [SeriesError],
        })
      : undefined;
    return new ForecastPool(pool, n);
  }

  /**
   * Forecasts every series with one method, each thread taking the next series as it finishes one (long
   * seasonal series and short ones balance themselves). Results come back in input order; a series
   * that cannot be forecast gets an error entry and the rest carry on. On the signal, series not yet
   * started are dropped and the call rejects with `ABORTED`.
   */
  async forecast(series: readonly Series[], options: PoolForecastOptions): Promise<SeriesForecast[]> {
    if (!isForecastMethod(options.method))
      throw new InvalidArgumentError('method', `unknown forecasting method "${String(options.method)}"`, {
        value: options.method,
      });
    const results = new Array<SeriesForecast>(series.length);
    let done = 0;
    const task = (i: number): ForecastTask => {
      const s = series[i]!;
      return {
        series: { id: s.id, values: s.values, period: s.period },
        method: options.method,
        h: options.h,
        levels: options.levels,
      };
    };
    const finish = (i: number, r: TaskResult) => {
      results[i] = r.forecast
        ? { id: series[i]!.id, forecast: r.forecast }
        : { id: series[i]!.id, error: r.error! };
      options.onProgress?.(++done, series.length);
    };
    const pool = this.pool;
    if (!pool) {
      for (let i = 0; i < series.length; i++) {
        throwIfAborted(options.signal);
        finish(i, forecastTask(task(i)));
      }
      return results;
    }
    const signal = options.signal ? { signal: options.signal } : {};
    await Promise.all(series.map(async (_, i) => finish(i, await pool.run('forecast', task(i), signal))));
    return results;
  }

  /** Its threads, busy and idle, and the series waiting (`undefined` with zero threads). */
  stats(): PoolStats | undefined {
    return this.pool?.stats();
  }

  /**
   * Stops the threads once the series they run are done; series still queued are rejected with
   * `ABORTED`. Resolves with how each thread ended.
   */
  async close(): Promise<readonly ThreadEnd[]> {
    return (await this.pool?.close()) ?? [];
  }
}

/**
 * Forecasts many series with one method on worker threads started for the call (see
 * {@link ForecastPool} to keep threads across calls). Results come back in input order; a series that
 * cannot be forecast gets an error entry and the rest carry on.
 *
 * @example
 * ```ts
 * const results = await forecastMany(seriesList, { method: 'ets', h: 12 });
 * for (const r of results) console.log(r.id, r.error?.message ?? r.forecast.model);
 * ```
 */
export async function forecastMany(
  series: readonly Series[],
  options: ForecastManyOptions,
): Promise<SeriesForecast[]> {
  if (!isForecastMethod(options.method))
    throw new InvalidArgumentError('method', `unknown forecasting method "${String(options.method)}"`, {
      value: options.method,
    });
  const pool = ForecastPool.open(Math.min(options.threads ?? availableParallelism(), series.length));
  try {
    return await pool.forecast(series, options);
  } finally {
    await pool.close();
  }
}
