import type { StrataDomain } from '@strata/service';
import { TIMESERIES_JOBS } from '@strata/timeseries/node';

/**
 * The time-series domain, described once for the gateway, its standalone server and `strata worker`.
 *
 * @example
 * ```ts
 * await serveDomain(timeseriesDomain, loadConfig());
 * ```
 */
export const timeseriesDomain: StrataDomain = {
  name: 'timeseries',
  title: 'Time series: forecasts and backtests',
  jobs: TIMESERIES_JOBS,
  port: 8083,
  async open(ctx) {
    const [{ createTimeseriesApp }, { openForecasters }, { loadExamples }] = await Promise.all([
      import('./app.js'),
      import('./open.js'),
      import('./examples.js'),
    ]);
    const { config, logger, queue, service, uploadsDir } = ctx;
    const forecasters = await openForecasters({
      threads: config.threads,
      modelsDir: config.modelsDir,
      logger,
    });
    const app = createTimeseriesApp({
      forecasters,
      queue,
      service,
      uploadsDir,
      modelsDir: config.modelsDir,
      uploadLimitBytes: config.uploadLimitBytes,
      examples: await loadExamples(config.datasetsDir),
    });
    return { service: app, close: () => forecasters.close() };
  },
};
