import { openGridFile } from '@strata/weather/node';
import type { JobQueue } from '@strata/core';
import { route, type RouteSpec } from '@strata/service';
import type { WeatherModel } from './catalog.js';
import { evaluationRoute } from './evaluation-route.js';
import { readRoutes } from './read-routes.js';
import { submitRoute } from './submit-route.js';

/** What the weather routes work with. */
export interface WeatherResources {
  readonly models: ReadonlyMap<string, WeatherModel>;
  /** Initial-state files by dataset id. */
  readonly datasets: ReadonlyMap<string, string>;
  readonly modelsDir: string;
}

/** The weather routes: models, datasets, forecasts (jobs), fields, points and evaluations. */
export function weatherRoutes(
  r: WeatherResources,
  queue: JobQueue,
  uploadsDir: string,
  maxUploadBytes: number,
): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/models',
      summary: 'The grid models: step, grid and variables',
      tags: ['models'],
      handler: () => ({
        models: [...r.models.values()].map((m) => ({
          id: m.id,
          version: m.version,
          description: m.description,
          stepHours: m.spec.stepHours,
          grid: m.spec.grid,
          variables: m.spec.tensors.flatMap((t) =>
            t.variables.map((v) => ({ name: v, levels: t.levels ?? null })),
          ),
        })),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/datasets',
      summary: 'Initial-state datasets on the server, with their variables and times',
      tags: ['models'],
      handler: async () => ({
        datasets: await Promise.all(
          [...r.datasets].map(async ([id, file]) => {
            const source = await openGridFile(file);
            try {
              return {
                id,
                format: source.format,
                variables: source.variables.map((v) => ({ name: v.name, units: v.units, levels: v.levels })),
              };
            } finally {
              source.close();
            }
          }),
        ),
      }),
    }),
    submitRoute(r, queue, uploadsDir, maxUploadBytes),
    ...readRoutes(r, queue),
    evaluationRoute(queue, uploadsDir, maxUploadBytes),
  ];
}
