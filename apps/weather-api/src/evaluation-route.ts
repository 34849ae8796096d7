import { z } from 'zod';
import type { JobQueue } from '@strata/jobs';
import { route, type RouteSpec } from '@strata/service';
import { GridError, scoreField, type GridSource } from '@strata/weather';
import { findForecast, forecastOf, NETCDF_TYPES, readLead, withForecast } from './fields.js';
import { GRID_UPLOAD_ERRORS, type UntrustedReads } from './untrusted-reads.js';

/**
 * `POST /v1/evaluations`: a forecast scored against an uploaded truth file (WeatherBench 2), read on
 * one of the app's upload `reads` while it is scored.
 */
export function evaluationRoute(queue: JobQueue, maxUploadBytes: number, reads: UntrustedReads): RouteSpec {
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
    // No such forecast, not finished; a truth file that is no grid, not on the forecast's grid, or lacks
    // a field; every upload reader busy.
    errors: ['JOB_NOT_FOUND', 'JOB_NOT_FINISHED', ...GRID_UPLOAD_ERRORS],
    // The route takes nothing but an upload, so the kit hands every request here one. The truth file
    // is only read for this answer: the kit removes it when the answer ends.
    handler: async ({ query, upload, signal }) => {
      const run = forecastOf(await forecastJob(query.forecast));
      // The upload is someone else's file: read on a thread of its own, never on the thread that serves,
      // and stopped (its thread ended if need be) when the request times out or goes away.
      const truth = await reads.open(upload!.path, { signal, name: upload!.label });
      try {
        return await withForecast(run, async (source) => {
          const variables = source.variables.filter((v) => !query.variable || v.name === query.variable);
          const rows = [];
          for (const v of variables) {
            sameGrid(truth, v);
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

/**
 * The truth must be on the forecast's grid: checked from its description, before a field of it is
 * read (a truth file's fields may be far larger than the forecast's).
 */
function sameGrid(
  truth: GridSource,
  forecast: { name: string; latitude: ArrayLike<number>; longitude: ArrayLike<number> },
): void {
  const t = truth.describe(forecast.name);
  if (t.latitude.length !== forecast.latitude.length || t.longitude.length !== forecast.longitude.length)
    throw new GridError(
      'GRID_UNSUPPORTED',
      `${truth.name}: "${t.name}" is on a ${t.latitude.length} x ${t.longitude.length} grid, the forecast on ${forecast.latitude.length} x ${forecast.longitude.length}; regrid the truth to the forecast's grid first`,
      { context: { source: truth.name, variable: t.name } },
    );
}
