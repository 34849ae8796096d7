import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, isStrataError, StrataError, throwIfAborted } from '@strata/core';
import { threadModuleUrl, WorkerPool, type PoolStats, type ThreadEnd } from '@strata/core/node';
import { SeriesError } from '../errors.js';
import type { AsyncForecaster } from '../evaluation/backtest.js';
import { withLimits, type Limits } from '../evaluation/limits.js';
import type { Forecast } from '../models/forecast.js';
import { isForecastMethod, type ForecastMethod } from '../models/registry.js';
import type { Series } from '../series/series.js';
import { forecastTask, type ForecastTask, type TaskResult } from './forecast-task.js';
import type * as ForecastThread from './forecast-thread.js';

const FORECAST_THREAD = threadModuleUrl(import.meta.url, './forecast-thread.js');

/** Forecasters of one pass over the values. */
const BASELINES: ReadonlySet<ForecastMethod> = new Set(['naive', 'snaive', 'drift', 'mean']);

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
  /** Cancels the call: series waiting are dropped, series being fitted stop inside their loops. */
  readonly signal?: AbortSignal;
  /**
   * When the call must be done (ms since 1970 UTC): fits stop inside their loops once it passes, and
   * the call rejects with `DEADLINE_EXCEEDED`. @defaultValue none
   */
  readonly deadline?: number;
}

/** Options of {@link ForecastPool.open}. */
export interface ForecastPoolOptions {
  /**
   * How long a fit may go on after its deadline or cancel before its thread is terminated and
   * replaced (fits check both in their loops, so only a fit stuck outside them waits this long).
   * @defaultValue `2000`
   */
  readonly stopGraceMs?: number;
  /** Each thread's heap cap in MiB: a thread past it ends, its series fails, another starts. @defaultValue `1024` */
  readonly maxHeapMb?: number;
  /**
   * The baselines (naive, snaive, drift, mean) cost one pass over the values: a call of one of them
   * with at most this many values in all is forecast on the calling thread, so that it never waits
   * behind long fits on busy threads. @defaultValue `20_000`
   */
  readonly inlineValues?: number;
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
    private readonly inlineValues: number,
  ) {}

  /** Starts `threads` worker threads. @defaultValue every core */
  static open(threads = availableParallelism(), options: ForecastPoolOptions = {}): ForecastPool {
    const n = Math.max(0, threads);
    const pool = n
      ? WorkerPool.start<typeof ForecastThread>({
          module: FORECAST_THREAD,
          name: 'forecasting',
          threads: n,
          errors: [SeriesError],
          // Forecasting threads run JavaScript only: one that does not stop may be terminated.
          stopGraceMs: options.stopGraceMs ?? 2_000,
          resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 },
        })
      : undefined;
    return new ForecastPool(pool, n, options.inlineValues ?? 20_000);
  }

  /**
   * Forecasts every series with one method, each thread taking the next series as it finishes one (long
   * seasonal series and short ones balance themselves). Results come back in input order; a series
   * that cannot be forecast gets an error entry and the rest carry on (a thread lost under a series,
   * past its memory cap, included). On the signal, or past the deadline, every series of the call
   * stops (waiting ones are dropped, running fits stop inside their loops) and the call rejects with
   * `ABORTED` or `DEADLINE_EXCEEDED`.
   */
  async forecast(series: readonly Series[], options: PoolForecastOptions): Promise<SeriesForecast[]> {
    if (!isForecastMethod(options.method))
      throw new InvalidArgumentError('method', `unknown forecasting method "${String(options.method)}"`, {
        value: options.method,
      });
    throwIfAborted(options.signal);
    const results = new Array<SeriesForecast>(series.length);
    let done = 0;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const task = (i: number): ForecastTask => {
      const s = series[i]!;
      return {
        series: { id: s.id, values: s.values, period: s.period },
        method: options.method,
        h: options.h,
        levels: options.levels,
        cancel,
      };
    };
    const finish = (i: number, r: TaskResult) => {
      results[i] = r.forecast
        ? { id: series[i]!.id, forecast: r.forecast }
        : { id: series[i]!.id, error: r.error! };
      options.onProgress?.(++done, series.length);
    };
    const pool = this.pool;
    if (!pool || this.inline(series, options.method)) {
      const limits = { signal: options.signal, deadline: options.deadline };
      for (let i = 0; i < series.length; i++) {
        throwIfAborted(options.signal);
        finish(i, forecastTask(task(i), limits));
      }
      return results;
    }
    // One failure of the call (its cancel, its deadline) stops all its series: those waiting are
    // dropped, and those being fitted see the shared flag inside their loops.
    const stop = new AbortController();
    // Each series' task listens to it until it settles: as many listeners as series, none left behind.
    setMaxListeners(0, stop.signal);
    const relay = () => stop.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', relay, { once: true });
    stop.signal.addEventListener('abort', () => Atomics.store(cancel, 0, 1), { once: true });
    const run = {
      signal: stop.signal,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    };
    try {
      await Promise.all(
        series.map(async (_, i) => {
          try {
            finish(i, await pool.run('forecast', task(i), run));
          } catch (err) {
            // A thread lost under one series (its memory cap) fails that series alone.
            if (!isStrataError(err, 'THREAD_EXITED', 'THREAD_OUT_OF_MEMORY') || stop.signal.aborted) {
              stop.abort(err);
              throw err;
            }
            finish(i, { error: { code: err.code, message: err.message } });
          }
        }),
      );
    } finally {
      options.signal?.removeEventListener('abort', relay);
    }
    return results;
  }

  /**
   * One method as an {@link AsyncForecaster} on these threads, for `backtest` and `compareModels`:
   * each call forecasts one series within `limits` and within the call's own signal and deadline
   * (whichever stops first). A series that cannot be forecast rejects with its error, its code kept.
   */
  forecaster(method: ForecastMethod, limits: Limits = {}): AsyncForecaster {
    return withLimits(async (s, o) => {
      const [r] = await this.forecast([s], {
        method,
        h: o.h,
        ...(o.levels ? { levels: o.levels } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
      });
      if (r!.forecast) return r!.forecast;
      throw new StrataError(r!.error.code, r!.error.message);
    }, limits);
  }

  /** Whether a call is cheap enough to run on the calling thread (see `inlineValues`). */
  private inline(series: readonly Series[], method: ForecastMethod): boolean {
    if (!BASELINES.has(method)) return false;
    let values = 0;
    for (const s of series) values += s.values.length;
    return values <= this.inlineValues;
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
  const pool = ForecastPool.open(Math.min(options.threads ?? availableParallelism(), series.length), {
    inlineValues: 0,
  });
  try {
    return await pool.forecast(series, options);
  } finally {
    await pool.close();
  }
}
