const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * The job handlers of @strata/timeseries by kind, for a job queue's `handlers` option: forecasts of
 * many series, and backtests comparing models.
 *
 * @example
 * ```ts
 * const queue = await EmbeddedJobQueue.open({ dir: '.strata/jobs', handlers: { ...TIMESERIES_JOBS } });
 * await queue.submit({ kind: 'timeseries.forecast', input: { input: 'sales.csv', h: 12, method: 'ets' } });
 * ```
 */
export const TIMESERIES_JOBS: Readonly<Record<'timeseries.forecast' | 'timeseries.backtest', URL>> = {
  'timeseries.forecast': new URL(`./forecast.job${ext}`, import.meta.url),
  'timeseries.backtest': new URL(`./backtest.job${ext}`, import.meta.url),
};
