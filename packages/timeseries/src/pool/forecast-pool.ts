import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, throwIfAborted } from '@strata/core';
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

/**
 * Forecasts many series with one method on worker threads, each thread taking the next series as it
 * finishes one (long seasonal series and short ones balance themselves). Results come back in input
 * order; a series that cannot be forecast gets an error entry and the rest carry on.
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
  const threads = Math.min(options.threads ?? availableParallelism(), series.length);
  const results = new Array<SeriesForecast>(series.length);
  let next = 0;
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
  if (threads <= 0) {
    for (let i = 0; i < series.length; i++) {
      throwIfAborted(options.signal);
      finish(i, forecastTask(task(i)));
    }
    return results;
  }
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER, { workerData: { module: TASK_MODULE.href } }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const feed = () => {
              if (options.signal?.aborted) {
                try {
                  throwIfAborted(options.signal);
                } catch (err) {
                  reject(err as Error);
                }
                return;
              }
              if (next >= series.length) return resolve();
              current = next++;
              worker.postMessage(task(current));
            };
            worker.on('message', (r: TaskResult) => {
              finish(current, r);
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`a forecasting thread exited with code ${code}`)));
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
