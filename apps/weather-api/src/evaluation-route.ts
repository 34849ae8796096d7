import { z } from 'zod';
import type { JobQueue } from '@strata/jobs';
import { route, type RouteSpec } from '@strata/service';
import { scoreField } from '@strata/weather';
import { openGridFile } from '@strata/weather/node';
import { findForecast, forecastOf, NETCDF_TYPES, readLead, withForecast } from './fields.js';

/** `POST /v1/evaluations`: a forecast scored against an uploaded truth file (WeatherBench 2). */
export function evaluationRoute(queue: JobQueue, maxUploadBytes: number): RouteSpec {
  const forecastJob = (id: string) => findForecast(queue, id);
  return route({
    method: 'post',
    path: '/v1/evaluations',
    summary:
      'Score a forecast against a truth file (NetCDF upload): WeatherBench-2 RMSE and bias per variable and lead',
    tags: ['forecasts'],
    query: z.object({
      forecast: z.string().min(1).describe('The forecast (job) id.'),
      variable: z.string().optional(),
    }),
    upload: {
      types: NETCDF_TYPES,
      maxBytes: maxUploadBytes,
      description: 'Verifying analyses on the forecast grid',
      extensions: Object.fromEntries(NETCDF_TYPES.map((t) => [t, '.nc'])),
    },
    // The route takes nothing but an upload, so the kit hands every request here one. The truth file
    // is only read for this answer: the kit removes it when the answer ends.
    handler: async ({ query, upload }) => {
      const run = forecastOf(await forecastJob(query.forecast));
      const truth = await openGridFile(upload!.path);
      try {
        return await withForecast(run, async (source) => {
          const variables = source.variables.filter((v) => !query.variable || v.name === query.variable);
          const rows = [];
          for (const v of variables)
            for (const level of v.levels ?? [undefined as number | undefined])
              for (const lead of run.leads) {
                const f = await readLead(source, run, { variable: v.name, lead, level });
                const o = await truth.readField({
                  variable: v.name,
                  time: new Date(f.time!),
                  ...(level !== undefined ? { level } : {}),
                });
                const s = scoreField({ forecast: f.data, truth: o.data, latitude: f.latitude });
                rows.push({
                  variable: v.name,
                  level: level ?? null,
                  lead,
                  rmse: Math.sqrt(s.mse),
                  bias: s.bias,
                  points: s.points,
                });
              }
          return {
            forecast: query.forecast,
            metric: 'latitude-weighted RMSE and bias (WeatherBench 2)',
            rows,
          };
        });
      } finally {
        truth.close();
      }
    },
  });
}
