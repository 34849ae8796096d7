import { initialTimes, type GridVariable } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';
import type { JobQueue } from '@strata/jobs';
import { route, type RouteSpec } from '@strata/service';
import type { WeatherModel } from './catalog.js';
import { evaluationRoute } from './evaluation-route.js';
import { readRoutes } from './read-routes.js';
import { datasetsResponse, modelsResponse, type ForecastRequest } from './schemas.js';
import { submitRoute } from './submit-route.js';
import { UntrustedReads } from './untrusted-reads.js';

/** The times of a dataset: those of its first variable with a time axis. */
const timesOf = (variables: readonly GridVariable[]) =>
  (variables.find((v) => v.times.some((t) => t !== null))?.times ?? []).flatMap((t) =>
    t === null ? [] : [new Date(t).toISOString()],
  );

/** What the weather routes work with. */
export interface WeatherResources {
  readonly models: ReadonlyMap<string, WeatherModel>;
  /** Initial-state files by dataset id. */
  readonly datasets: ReadonlyMap<string, string>;
  readonly modelsDir: string;
  /** A forecast request the server runs as it stands, for the document (see `forecastExample`). @defaultValue none */
  readonly forecastExample?: ForecastRequest | undefined;
  /**
   * Uploaded grid files open at once, one limit for every route that reads an upload (forecasts,
   * evaluations). @defaultValue `new UntrustedReads()`: 4 at once, for these routes alone
   */
  readonly untrustedReads?: UntrustedReads | undefined;
}

/** The weather routes: models, datasets, forecasts (jobs), fields, points and evaluations. */
export function weatherRoutes(r: WeatherResources, queue: JobQueue, maxUploadBytes: number): RouteSpec[] {
  const reads = r.untrustedReads ?? new UntrustedReads();
  return [
    route({
      method: 'get',
      path: '/v1/models',
      summary: 'The grid models: step, grid and variables',
      tags: ['models'],
      response: modelsResponse,
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
      summary:
        'Initial-state datasets on the server: their variables and times, and the times each model can start from',
      tags: ['models'],
      response: datasetsResponse,
      handler: async () => ({
        datasets: await Promise.all(
          [...r.datasets].map(async ([id, file]) => {
            const source = await openGridFile(file, { name: id });
            try {
              return {
                id,
                format: source.format,
                variables: source.variables.map((v) => ({ name: v.name, units: v.units, levels: v.levels })),
                times: timesOf(source.variables),
                models: [...r.models.values()].map((m) => {
                  const { times, reason } = initialTimes(source, m.spec);
                  return { id: m.id, initTimes: times.map((t) => new Date(t).toISOString()), reason };
                }),
              };
            } finally {
              source.close();
            }
          }),
        ),
      }),
    }),
    submitRoute(r, { queue, maxUploadBytes, reads }),
    ...readRoutes(r, queue),
    evaluationRoute(queue, maxUploadBytes, reads),
  ];
}
