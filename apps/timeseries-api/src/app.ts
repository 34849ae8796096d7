import type { JobInfo, JobQueue, Json } from '@strata/jobs';
import { createMetrics, createService, type Service, type ServiceSettings } from '@strata/service';
import type { SeriesSet } from '@strata/timeseries';
import { backtestJobRoutes, backtestResults, backtestSummary } from './backtest-jobs.js';
import { exampleRoutes } from './examples.js';
import type { Forecasters } from './forecasters.js';
import { forecastJobRoutes, forecastResults, summary } from './jobs.js';
import { timeseriesRoutes } from './routes.js';
import { SERIES_STATUSES } from './statuses.js';

/** The jobs of this API by kind: what their results are, and what clients see of them once done. */
const JOB_KINDS = {
  'timeseries.forecast': { results: forecastResults, summary: (job: JobInfo): Json => summary(job) },
  'timeseries.backtest': { results: backtestResults, summary: (job: JobInfo): Json => backtestSummary(job) },
} as const;

/** What the time-series app serves with. */
export interface TimeseriesAppDeps {
  readonly forecasters: Forecasters;
  /** Example series served at `/v1/series` (see `loadExamples`). @defaultValue none */
  readonly examples?: SeriesSet;
  /** The job queue with the handlers of `TIMESERIES_JOBS`; without one there are no job routes. */
  readonly queue?: JobQueue;
  /** Where backtest jobs open the ONNX forecasters (the models directory). @defaultValue none: statistical models only */
  readonly modelsDir?: string;
  /** Where uploaded job files are kept (every worker must reach it). */
  readonly uploadsDir: string;
  readonly uploadLimitBytes?: number;
  /** Logger, metrics (the gateway shares one set), API keys and limits. @defaultValue none, new metrics */
  readonly service?: ServiceSettings;
}

/**
 * The time-series API, built without listening: `GET /v1/models`, `POST /v1/forecast`,
 * `POST /v1/backtest`, forecast and backtest jobs and the shared job routes, with the service kit's health,
 * metrics, OpenAPI document and docs.
 *
 * @example
 * ```ts
 * const { app } = createTimeseriesApp({ forecasters: { pool: ForecastPool.open(2), neural: new Map() }, uploadsDir });
 * await serve(app, { port: 8083 });
 * ```
 */
export function createTimeseriesApp(deps: TimeseriesAppDeps): Service {
  const { forecasters, queue } = deps;
  const metrics =
    deps.service?.metrics ??
    createMetrics({
      app: 'timeseries',
      ...(queue ? { queue, jobKinds: (k) => Object.hasOwn(JOB_KINDS, k) } : {}),
    });
  return createService({
    ...deps.service,
    metrics,
    domain: 'timeseries',
    statuses: SERIES_STATUSES,
    uploadsDir: deps.uploadsDir,
    info: {
      title: 'Strata time series',
      version: '1',
      description:
        'Statistical forecasters as R’s forecast package makes them (ETS, ARIMA, Theta, baselines), ONNX forecasters, backtests.',
    },
    routes: [
      ...timeseriesRoutes(forecasters, metrics, { timeoutMs: deps.service?.timeoutMs ?? 30_000 }),
      ...(deps.examples ? exampleRoutes(deps.examples) : []),
      ...(queue ? forecastJobRoutes(queue, deps.uploadsDir, deps.uploadLimitBytes ?? 512 * 2 ** 20) : []),
      ...(queue
        ? backtestJobRoutes({ queue, forecasters, uploadsDir: deps.uploadsDir, modelsDir: deps.modelsDir })
        : []),
    ],
    ...(queue
      ? {
          jobs: {
            queue,
            kinds: Object.keys(JOB_KINDS),
            results: Object.fromEntries(Object.entries(JOB_KINDS).map(([k, v]) => [k, v.results])),
            summary: (job: JobInfo) => JOB_KINDS[job.kind as keyof typeof JOB_KINDS].summary(job),
          },
        }
      : {}),
    readiness: [{ name: 'forecasting threads', check: () => forecasters.pool.threads > 0 }],
  });
}
