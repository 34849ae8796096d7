import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JobError, typedColumnsToTable, type JobQueue } from '@strata/core';
import { HttpError, jobView, route, sendTable, viewOf, resultsQuery, type RouteSpec } from '@strata/service';
import { COASTLINE_110M, keptSpec, renderMap, scoreField } from '@strata/weather';
import { encodePng, openGridFile, type RolloutJobInput } from '@strata/weather/node';
import type { WeatherModel } from './catalog.js';
import { forecastOf, leadAsNetcdf, nearestPoint, readLead, withForecast } from './fields.js';

/** What the weather routes work with. */
export interface WeatherResources {
  readonly models: ReadonlyMap<string, WeatherModel>;
  /** Initial-state files by dataset id. */
  readonly datasets: ReadonlyMap<string, string>;
  readonly modelsDir: string;
}

const NETCDF_TYPES = ['application/x-netcdf', 'application/netcdf', 'application/octet-stream'];
const leadsOf = z
  .string()
  .regex(/^\d+(,\d+)*$/)
  .transform((s) => s.split(',').map(Number));

const forecastQuery = z.object({
  model: z.string().optional().describe('With a file upload: the model id (GET /v1/models).'),
  init: z.string().max(40).optional().describe('With a file upload: the initial time (ISO 8601, UTC).'),
  leads: leadsOf
    .optional()
    .describe('With a file upload: lead hours, comma-separated. @defaultValue 1..24 by the step'),
  variables: z
    .string()
    .max(1000)
    .optional()
    .describe('With a file upload: variables to keep, comma-separated. @defaultValue all'),
  levels: leadsOf
    .optional()
    .describe('With a file upload: pressure levels to keep (hPa), comma-separated. @defaultValue all'),
  name: z.string().max(200).optional(),
});

const forecastBody = z.object({
  model: z.string().describe('A model id (GET /v1/models).'),
  dataset: z.string().describe('An initial-state dataset id (GET /v1/datasets).'),
  init: z.string().max(40).describe('The initial time (ISO 8601, UTC): a time the dataset holds.'),
  leads: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(24 * 30),
    )
    .min(1)
    .max(240)
    .optional(),
  variables: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Variables to keep in the forecast. @defaultValue all'),
  levels: z
    .array(z.number().positive())
    .min(1)
    .optional()
    .describe('Pressure levels to keep (hPa). @defaultValue all'),
  name: z.string().max(200).optional(),
});

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
});

const idParams = z.object({ id: z.string().min(1).max(128) });

/** JSON numbers: NaN (a missing value) becomes null. */
const numbers = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

/** The weather routes: models, datasets, forecasts (jobs), fields, points and evaluations. */
export function weatherRoutes(
  r: WeatherResources,
  queue: JobQueue,
  uploadsDir: string,
  maxUploadBytes: number,
): RouteSpec[] {
  const forecastJob = async (id: string) => {
    const job = await queue.get(id);
    if (!job || job.kind !== 'weather.rollout')
      throw new JobError('JOB_NOT_FOUND', `no forecast "${id}"`, { context: { jobId: id } });
    return job;
  };
  const modelOf = (id: string, field: string) => {
    const m = r.models.get(id);
    if (!m)
      throw new HttpError(
        'VALIDATION_FAILED',
        `${field}: no model "${id}"; there are ${[...r.models.keys()].join(', ')}`,
        { extra: { field } },
      );
    return m;
  };
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
    route({
      method: 'post',
      path: '/v1/forecasts',
      summary:
        'Start a forecast: a model rolled out from an initial state (a dataset id, or an uploaded NetCDF file)',
      description:
        'Answers 202 with the job; follow it at its `events` link, then read fields at /v1/forecasts/{id}/fields/{variable}.',
      tags: ['forecasts'],
      query: forecastQuery,
      body: forecastBody,
      upload: {
        types: NETCDF_TYPES,
        maxBytes: maxUploadBytes,
        description: 'A NetCDF file (classic or NetCDF-4) holding the initial state',
      },
      status: 202,
      response: jobView,
      handler: async ({ query, body, res }) => {
        let spec: {
          model: string;
          file: string;
          init: string;
          leads?: number[] | undefined;
          keep: { variables?: string[]; levels?: number[] };
          name?: string | undefined;
        };
        if (Buffer.isBuffer(body)) {
          if (!query.model || !query.init)
            throw new HttpError(
              'VALIDATION_FAILED',
              'query.model: give model and init in the query with a file upload',
              { extra: { field: 'query.model' } },
            );
          await mkdir(uploadsDir, { recursive: true });
          const file = join(uploadsDir, `${randomUUID()}.nc`);
          await writeFile(file, body);
          spec = {
            model: query.model,
            file,
            init: query.init,
            leads: query.leads,
            keep: {
              ...(query.variables ? { variables: query.variables.split(',') } : {}),
              ...(query.levels ? { levels: query.levels } : {}),
            },
            name: query.name,
          };
        } else {
          const b = body as z.infer<typeof forecastBody>;
          const file = r.datasets.get(b.dataset);
          if (!file)
            throw new HttpError(
              'VALIDATION_FAILED',
              `body.dataset: no dataset "${b.dataset}"; there are ${[...r.datasets.keys()].join(', ') || 'none (upload a NetCDF file)'}`,
              {
                extra: { field: 'body.dataset' },
              },
            );
          spec = {
            model: b.model,
            file,
            init: b.init,
            leads: b.leads,
            keep: {
              ...(b.variables ? { variables: b.variables } : {}),
              ...(b.levels ? { levels: b.levels } : {}),
            },
            name: b.name,
          };
        }
        const model = modelOf(spec.model, Buffer.isBuffer(body) ? 'query.model' : 'body.model');
        const step = model.spec.stepHours;
        const leads =
          spec.leads ?? Array.from({ length: Math.max(1, Math.floor(24 / step)) }, (_, i) => (i + 1) * step);
        const bad = leads.find((l) => l % step !== 0);
        if (bad !== undefined)
          throw new HttpError(
            'VALIDATION_FAILED',
            `leads: ${bad} h is not a multiple of the model's ${step} h step`,
            { extra: { field: 'leads' } },
          );
        const keep = spec.keep.variables || spec.keep.levels ? spec.keep : undefined;
        // A variable or level the model lacks is a 400 now, not a failed job later.
        if (keep) keptSpec(model.spec, keep);
        const input: RolloutJobInput = {
          modelsDir: r.modelsDir,
          models: [model.id],
          initial: { file: spec.file, time: spec.init },
          leads,
          ...(keep ? { keep } : {}),
        };
        const job = await queue.submit({
          kind: 'weather.rollout',
          input,
          ...(spec.name ? { name: spec.name } : {}),
        });
        res.location(`v1/jobs/${job.id}`);
        return viewOf(job);
      },
    }),
    route({
      method: 'get',
      path: '/v1/forecasts/{id}/fields/{variable}',
      summary:
        'One field of a forecast at a lead: JSON grid, PNG map (with coastlines and a colour bar) or Arrow table',
      tags: ['forecasts'],
      params: idParams.extend({ variable: z.string().min(1).max(64) }),
      query: fieldQuery,
      produces: ['image/png', 'application/vnd.apache.arrow.file', 'application/x-netcdf'],
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
          const raster = renderMap(field, {
            overlay: COASTLINE_110M,
            ...(query.colormap ? { colormap: query.colormap } : {}),
          });
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
      handler: async ({ params, res }) => {
        const run = forecastOf(await forecastJob(params.id));
        res.attachment(`forecast-${params.id}.nc`).type('application/x-netcdf').sendFile(run.file);
        return undefined;
      },
    }),
    route({
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
      },
      handler: async ({ query, body }) => {
        const run = forecastOf(await forecastJob(query.forecast));
        await mkdir(uploadsDir, { recursive: true });
        const file = join(uploadsDir, `${randomUUID()}.nc`);
        await writeFile(file, body as Buffer);
        // The truth file is only read for this answer: it goes when the answer does.
        const truth = await openGridFile(file).catch(async (err: unknown) => {
          await rm(file, { force: true });
          throw err;
        });
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
          await rm(file, { force: true });
        }
      },
    }),
  ];
}
