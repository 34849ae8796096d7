import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AbortedError, InvalidArgumentError, throwIfAborted } from '@strata/core';
import type { Forecast } from '../models/forecast.js';
import { isForecastMethod, type ForecastMethod } from '../models/registry.js';
import type { Series } from '../series/series.js';
import { forecastTask, type ForecastTask, type TaskResult } from './forecast-task.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER = new URL('./forecast-worker.js', import.meta.url);
const TASK_MODULE = new URL(`./forecast-task${ext}`, import.meta.url);

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

/** Sends one task to a worker and resolves with its reply. */
function runOn(worker: Worker, task: ForecastTask): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (r: TaskResult) => (done(), resolve(r));
    const onError = (err: Error) => (done(), reject(err));
    const onExit = (code: number) => (
      done(),
      reject(new Error(`a forecasting thread exited with code ${code}`))
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

interface Queued {
  readonly task: ForecastTask;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (r: TaskResult) => void;
  readonly reject: (err: unknown) => void;
}

const newWorker = () => new Worker(WORKER, { workerData: { module: TASK_MODULE.href } });

/**
 * Forecasting threads kept across calls, so that a job forecasting batch after batch, or a server
 * answering request after request, starts its threads (and loads the forecasters into them) once.
 * Calls may overlap: their series share one first-in, first-out queue that each thread pulls from as
 * it finishes a series. With zero threads it forecasts on the calling thread.
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
  private readonly idle: Worker[];
  private readonly queue: Queued[] = [];
  private closed = false;

  private constructor(private readonly workers: Worker[]) {
    this.idle = [...workers];
  }

  /** Starts `threads` worker threads. @defaultValue every core */
  static open(threads = availableParallelism()): ForecastPool {
    return new ForecastPool(Array.from({ length: Math.max(0, threads) }, newWorker));
  }

  /** Worker threads in the pool. */
  get threads(): number {
    return this.workers.length;
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
    if (!this.workers.length) {
      for (let i = 0; i < series.length; i++) {
        throwIfAborted(options.signal);
        finish(i, forecastTask(task(i)));
      }
      return results;
    }
    await Promise.all(series.map(async (_, i) => finish(i, await this.run(task(i), options.signal))));
    return results;
  }

  private run(task: ForecastTask, signal: AbortSignal | undefined): Promise<TaskResult> {
    if (this.closed) return Promise.reject(new AbortedError('the forecasting pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, signal, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const next = this.queue.shift()!;
      if (next.signal?.aborted) {
        next.reject(new AbortedError('the forecast was cancelled', next.signal.reason));
        continue;
      }
      const worker = this.idle.pop()!;
      runOn(worker, next.task).then(
        (r) => {
          this.idle.push(worker);
          next.resolve(r);
          this.dispatch();
        },
        (err: unknown) => {
          // A thread that failed outside a forecast (out of memory, a crash) is replaced.
          const replacement = newWorker();
          this.workers.splice(this.workers.indexOf(worker), 1, replacement);
          void worker.terminate();
          if (!this.closed) this.idle.push(replacement);
          next.reject(err);
          this.dispatch();
        },
      );
    }
  }

  /** Stops the threads; series still queued are rejected with `ABORTED`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new AbortedError('the forecasting pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
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
