import type { JobQueue, Logger } from '@strata/core';
import {
  createMetrics,
  createService,
  type ApiKey,
  type Service,
  type ServiceMetrics,
} from '@strata/service';
import type { Forecasters } from './forecasters.js';
import { forecastJobRoutes, forecastResults, summary } from './jobs.js';
import { timeseriesRoutes } from './routes.js';

/** What the time-series app serves with. */
export interface TimeseriesAppDeps {
  readonly forecasters: Forecasters;
  /** The job queue with the `timeseries.forecast` handler; without one there are no job routes. */
  readonly queue?: JobQueue;
  /** Where uploaded job files are kept (every worker must reach it). */
  readonly uploadsDir: string;
  readonly logger?: Logger;
  readonly apiKeys?: readonly ApiKey[];
  readonly rateLimitPerMinute?: number;
  readonly timeoutMs?: number;
  readonly jsonLimitBytes?: number;
  readonly uploadLimitBytes?: number;
  /** Metrics to record into (the gateway shares one set among its domains). @defaultValue new ones */
  readonly metrics?: ServiceMetrics;
}

/**
 * The time-series API, built without listening: `GET /v1/models`, `POST /v1/forecast`,
 * `POST /v1/backtest`, forecast jobs and the shared job routes, with the service kit's health,
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
    deps.metrics ??
    createMetrics({
      app: 'timeseries',
      ...(queue ? { queue, jobKinds: (k) => k === 'timeseries.forecast' } : {}),
    });
  return createService({
    domain: 'timeseries',
    info: {
      title: 'Strata time series',
      version: '1',
      description:
        'Statistical forecasters as R’s forecast package makes them (ETS, ARIMA, Theta, baselines), ONNX forecasters, backtests.',
    },
    routes: [
      ...timeseriesRoutes(forecasters, metrics),
      ...(queue ? forecastJobRoutes(queue, deps.uploadsDir, deps.uploadLimitBytes ?? 512 * 2 ** 20) : []),
    ],
    ...(queue
      ? {
          jobs: {
            queue,
            kinds: ['timeseries.forecast'],
            results: { 'timeseries.forecast': forecastResults },
            summary,
          },
        }
      : {}),
    readiness: [
      { name: 'forecasting threads', check: () => forecasters.pool.threads > 0 },
      ...(queue ? [{ name: 'job queue', check: async () => (await queue.list(), true) }] : []),
    ],
    ...(deps.logger ? { logger: deps.logger } : {}),
    metrics,
    ...(deps.apiKeys ? { apiKeys: deps.apiKeys } : {}),
    ...(deps.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: deps.rateLimitPerMinute } : {}),
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.jsonLimitBytes !== undefined ? { jsonLimitBytes: deps.jsonLimitBytes } : {}),
  });
}
