import { z } from 'zod';
import { typedColumnsToTable } from '@strata/core';
import { type JobQueue } from '@strata/jobs';
import { HttpError, resultsQuery, route, sendTable, type RouteSpec } from '@strata/service';
import { drawMap, keptSpec } from '@strata/weather';
import { encodePng, loadCoastlines50m, type RolloutJobInput } from '@strata/weather/node';
import {
  findForecast,
  forecastOf,
  idParams,
  leadAsNetcdf,
  nearestPoint,
  readLead,
  withForecast,
} from './fields.js';
import type { WeatherResources } from './routes.js';
import { pointResponse } from './schemas.js';

const fieldQuery = z.object({
  lead: z.coerce.number().int().min(0).describe('Lead time in hours.'),
  level: z.coerce.number().positive().optional().describe('Pressure level in hPa, for upper-air variables.'),
  format: z
    .enum(['json', 'png', 'arrow', 'netcdf'])
    .optional()
    .describe(
      'netcdf: the lead (every variable of the model) as a CF NetCDF-4 file. @defaultValue by Accept, else json',
    ),
  colormap: z.enum(['viridis', 'rdbu']).optional(),
  decorations: z
    .enum(['all', 'none'])
    .optional()
    .describe(
      'PNG: none leaves the title and colour bar out of the image (its `X-Map-Legend` header says what they say), for a client that draws them in its own type. @defaultValue all',
    ),
});

/**
 * What reading a forecast can answer: no such forecast (or its model no longer served), not finished
 * yet, a variable or level it does not have, a file that no longer reads.
 */
const READ_ERRORS = [
  'JOB_NOT_FOUND',
  'NOT_FOUND',
  'JOB_NOT_FINISHED',
  'VARIABLE_NOT_FOUND',
  'LEVEL_NOT_FOUND',
  'TIME_NOT_FOUND',
  'GRID_FORMAT',
];

/** JSON for a header, which holds ASCII only: other characters (units in °C) as JSON escapes. */
const headerJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** JSON numbers: NaN (a missing value) becomes null. */
const numbers = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

/** Reading a finished forecast: a field (JSON, PNG, Arrow, NetCDF), a point series, the whole file. */
export function readRoutes(r: WeatherResources, queue: JobQueue): RouteSpec[] {
  const forecastJob = (id: string) => findForecast(queue, id);
  return [
    route({
      method: 'get',
      path: '/v1/forecasts/{id}/fields/{variable}',
      summary:
        'One field of a forecast at a lead: JSON grid, PNG map (with coastlines and a colour bar) or Arrow table',
      description:
        'A PNG map comes with an `X-Map-Frame` header (JSON): where the grid lies in the image, its first ' +
        'longitude and step, and its first and last latitude, to turn a pixel into a point; and an ' +
        '`X-Map-Legend` header (JSON): its title, the colour scale’s limits, units, ticks and colours.',
      tags: ['forecasts'],
      params: idParams.extend({ variable: z.string().min(1).max(64) }),
      query: fieldQuery,
      produces: ['image/png', 'application/vnd.apache.arrow.file', 'application/x-netcdf'],
      errors: READ_ERRORS,
      handler: async ({ params, query, req, res }) => {
        const job = await forecastJob(params.id);
        const run = forecastOf(job);
        const accept = req.get('accept') ?? '';
        if (query.format === 'netcdf' || (!query.format && accept.includes('netcdf'))) {
          const model = r.models.get((job.input as RolloutJobInput).models[0]!);
          if (!model)
            throw new HttpError('NOT_FOUND', `the model of forecast "${params.id}" is no longer served`);
          await withForecast(run, (s) =>
            readLead(s, run, { variable: params.variable, lead: query.lead, level: query.level }),
          );
          const keep = (job.input as RolloutJobInput).keep;
          const bytes = await leadAsNetcdf(run, keep ? keptSpec(model.spec, keep) : model.spec, query.lead);
          res.attachment(`forecast-${params.id}-${query.lead}h.nc`).type('application/x-netcdf').send(bytes);
          return undefined;
        }
        const field = await withForecast(run, (s) =>
          readLead(s, run, { variable: params.variable, lead: query.lead, level: query.level }),
        );
        const format =
          query.format ??
          (accept.includes('image/png') ? 'png' : accept.includes('arrow') ? 'arrow' : 'json');
        if (format === 'png') {
          const options = {
            // Loaded when the app started (see createWeatherApp): a request never reads or parses them.
            overlay: await loadCoastlines50m(),
            decorations: query.decorations !== 'none',
            ...(query.colormap ? { colormap: query.colormap } : {}),
          };
          // The frame and legend of the image as drawn: where the grid is in it, so a client can turn a
          // click into a point, and what its title and colour bar say (ticks as laid out on its width).
          const { raster, frame, legend } = drawMap(field, options);
          res.set('X-Map-Frame', JSON.stringify(frame));
          res.set('X-Map-Legend', headerJson(legend));
          res.type('image/png').send(Buffer.from(encodePng(raster)));
          return undefined;
        }
        if (format === 'arrow') {
          const W = field.longitude.length;
          const table = typedColumnsToTable({
            latitude: {
              type: 'float',
              values: Array.from(field.data, (_, i) => field.latitude[Math.floor(i / W)]!),
            },
            longitude: { type: 'float', values: Array.from(field.data, (_, i) => field.longitude[i % W]!) },
            value: { type: 'float', values: numbers(field.data) },
          });
          sendTable(res, table, resultsQuery.parse({ format: 'arrow' }), {
            filename: `${params.variable}-${query.lead}h`,
          });
          return undefined;
        }
        return {
          variable: field.variable,
          units: field.units,
          level: field.level,
          lead: query.lead,
          time: field.time === null ? null : new Date(field.time).toISOString(),
          latitude: Array.from(field.latitude),
          longitude: Array.from(field.longitude),
          data: numbers(field.data),
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/forecasts/{id}/point',
      summary: 'A forecast’s time series at the grid point nearest to a latitude and longitude',
      tags: ['forecasts'],
      params: idParams,
      query: z.object({
        lat: z.coerce.number().min(-90).max(90),
        lon: z.coerce.number().min(-360).max(360),
        variable: z.string().min(1).max(64),
        level: z.coerce.number().positive().optional(),
      }),
      response: pointResponse,
      errors: READ_ERRORS,
      handler: async ({ params, query }) => {
        const run = forecastOf(await forecastJob(params.id));
        return withForecast(run, async (source) => {
          let point: ReturnType<typeof nearestPoint> | undefined;
          const values: (number | null)[] = [];
          let units: string | null = null;
          for (const lead of run.leads) {
            const field = await readLead(source, run, { variable: query.variable, lead, level: query.level });
            point ??= nearestPoint(field, query.lat, query.lon);
            units = field.units;
            const v = field.data[point.index]!;
            values.push(Number.isFinite(v) ? v : null);
          }
          return {
            variable: query.variable,
            units,
            latitude: point!.latitude,
            longitude: point!.longitude,
            leads: run.leads,
            times: run.leads.map((l) => new Date(run.initTime + l * 3_600_000).toISOString()),
            values,
          };
        });
      },
    }),
    route({
      method: 'get',
      path: '/v1/forecasts/{id}/netcdf',
      summary: 'The whole forecast as a CF NetCDF-4 file',
      tags: ['forecasts'],
      params: idParams,
      produces: ['application/x-netcdf'],
      errors: ['JOB_NOT_FOUND', 'JOB_NOT_FINISHED'],
      handler: async ({ params, res }) => {
        const run = forecastOf(await forecastJob(params.id));
        res.attachment(`forecast-${params.id}.nc`).type('application/x-netcdf').sendFile(run.file);
        return undefined;
      },
    }),
  ];
}
