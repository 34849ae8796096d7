import type { JobQueue } from '@strata/jobs';
import { createService, type Service, type ServiceSettings } from '@strata/service';
import { loadCoastlines50m } from '@strata/weather/node';
import { forecastSummary } from './fields.js';
import { weatherRoutes, type WeatherResources } from './routes.js';
import { WEATHER_STATUSES } from './statuses.js';

/** What the weather app serves with. */
export interface WeatherAppDeps extends WeatherResources {
  /** The job queue with the `weather.rollout` handler. */
  readonly queue: JobQueue;
  /** Where uploaded NetCDF files are kept (every worker must reach it). */
  readonly uploadsDir: string;
  readonly uploadLimitBytes?: number;
  /** Logger, metrics (the gateway shares one set), API keys and limits. @defaultValue none, new metrics */
  readonly service?: ServiceSettings;
}

/**
 * The weather API, built without listening: grid models and datasets, forecast rollouts as jobs,
 * fields as JSON, PNG maps or Arrow, point series, the forecast as NetCDF, and WeatherBench-2 scores.
 *
 * @example
 * ```ts
 * const models = weatherModels(registry.list().map((e) => e.manifest));
 * const { app } = createWeatherApp({ models, datasets: new Map(), modelsDir: 'models', queue, uploadsDir: '.strata/uploads' });
 * ```
 */
export function createWeatherApp(deps: WeatherAppDeps): Service {
  const { queue } = deps;
  // The maps' coastlines (half a megabyte of JSON) are read now, off the request path, so the first
  // map request neither reads nor parses them; a failure shows in readiness, and is tried again there.
  loadCoastlines50m().catch(() => undefined);
  return createService({
    ...deps.service,
    domain: 'weather',
    statuses: WEATHER_STATUSES,
    uploadsDir: deps.uploadsDir,
    info: {
      title: 'Strata weather',
      version: '1',
      description:
        'Gridded forecasts from ONNX grid models (Pangu-Weather or any model with a grid manifest), maps, point series and scores.',
    },
    routes: weatherRoutes(deps, queue, deps.uploadLimitBytes ?? 512 * 2 ** 20),
    jobs: { queue, kinds: ['weather.rollout'], results: {}, summary: forecastSummary(deps.models) },
    readiness: [
      { name: 'models', check: () => deps.models.size > 0 },
      { name: 'maps', check: async () => (await loadCoastlines50m()).length > 0 },
    ],
  });
}
