import type { StrataDomain } from '@strata/service';
import { WEATHER_JOBS } from '@strata/weather/node';

/**
 * The weather domain, described once for the gateway, its standalone server and `strata worker`.
 *
 * @example
 * ```ts
 * await serveDomain(weatherDomain, loadConfig());
 * ```
 */
export const weatherDomain: StrataDomain = {
  name: 'weather',
  title: 'Weather: gridded forecasts, maps and scores',
  jobs: WEATHER_JOBS,
  // One rollout at a time when served alone: a rollout's sessions take the cores.
  maxJobWorkers: 1,
  port: 8081,
  async open(ctx) {
    const [{ createWeatherApp }, { weatherDatasets, weatherModels }, { forecastExample }] = await Promise.all(
      [import('./app.js'), import('./catalog.js'), import('./forecast-example.js')],
    );
    const { config, queue, registry, service, uploadsDir } = ctx;
    const models = weatherModels((await registry()).list().map((e) => e.manifest));
    const datasets = await weatherDatasets(config.weatherDataDir);
    const app = createWeatherApp({
      models,
      datasets,
      forecastExample: await forecastExample(models, datasets),
      modelsDir: config.modelsDir,
      queue,
      service,
      uploadsDir,
      uploadLimitBytes: config.uploadLimitBytes,
    });
    return { service: app, close: async () => undefined };
  },
};
