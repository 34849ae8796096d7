import { z } from 'zod';
import { isStrataError } from '@strata/core';
import { type JobQueue } from '@strata/jobs';
import { HttpError, jobView, route, viewOf, type RouteSpec, type Upload } from '@strata/service';
import { keptSpec, type GridModelSpec } from '@strata/weather';
import type { RolloutJobInput } from '@strata/weather/node';
import { NETCDF_TYPES } from './fields.js';
import type { WeatherModel } from './catalog.js';
import { initialTimeOf, openInitial, type InitialFile } from './initial-time.js';
import type { WeatherResources } from './routes.js';
import { forecastRequest } from './schemas.js';
import { GRID_UPLOAD_ERRORS, type UntrustedReads } from './untrusted-reads.js';

const leadsOf = z
  .string()
  .regex(/^\d+(,\d+)*$/)
  .transform((s) => s.split(',').map(Number));

const forecastQuery = z.object({
  model: z.string().optional().describe('With a file upload: the model id (GET /v1/models).'),
  init: z
    .string()
    .max(40)
    .optional()
    .describe(
      'With a file upload: the initial time (ISO 8601, UTC). @defaultValue the first time in the file with every field the model starts from',
    ),
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

/** What a forecast request asks for, from a dataset or an upload alike. */
interface ForecastSpec {
  /** Where its options are: the query with an upload (the file is the body), else the JSON body. */
  readonly part: 'query' | 'body';
  readonly model: string;
  readonly file: InitialFile;
  readonly init: string | undefined;
  readonly leads?: number[] | undefined;
  readonly keep: { variables?: string[]; levels?: number[] };
  readonly name?: string | undefined;
}

/** A forecast from an uploaded file, its options in the query. */
function uploadSpec(query: z.infer<typeof forecastQuery>, upload: Upload): ForecastSpec {
  if (!query.model)
    throw new HttpError('VALIDATION_FAILED', 'query.model: give the model in the query with a file upload', {
      extra: { field: 'query.model' },
    });
  return {
    part: 'query',
    model: query.model,
    file: { path: upload.path, name: upload.label, untrusted: true, field: 'body' },
    init: query.init,
    leads: query.leads,
    keep: {
      ...(query.variables ? { variables: query.variables.split(',') } : {}),
      ...(query.levels ? { levels: query.levels } : {}),
    },
    // A job is known by its file where its client named neither.
    name: query.name ?? (upload.name ? `${query.model} from ${upload.name}` : undefined),
  };
}

/** A forecast from a dataset on the server, as JSON. */
function datasetSpec(r: WeatherResources, b: z.infer<typeof forecastRequest>): ForecastSpec {
  const file = r.datasets.get(b.dataset);
  if (!file)
    throw new HttpError(
      'VALIDATION_FAILED',
      `body.dataset: no dataset "${b.dataset}"; there are ${[...r.datasets.keys()].join(', ') || 'none (upload a NetCDF file)'}`,
      { extra: { field: 'body.dataset' } },
    );
  return {
    part: 'body',
    model: b.model,
    file: { path: file, name: b.dataset, untrusted: false, field: 'body.dataset' },
    init: b.init,
    leads: b.leads,
    keep: {
      ...(b.variables ? { variables: b.variables } : {}),
      ...(b.levels ? { levels: b.levels } : {}),
    },
    name: b.name,
  };
}

/** The leads a forecast asks for (a day by the model's step unless given), each a multiple of the step. */
function checkedLeads(spec: ForecastSpec, model: WeatherModel): number[] {
  const step = model.spec.stepHours;
  const leads =
    spec.leads ?? Array.from({ length: Math.max(1, Math.floor(24 / step)) }, (_, i) => (i + 1) * step);
  const bad = leads.find((l) => l % step !== 0);
  if (bad !== undefined)
    throw new HttpError(
      'VALIDATION_FAILED',
      `${spec.part}.leads: ${bad} h is not a multiple of the model's ${step} h step`,
      { extra: { field: `${spec.part}.leads` } },
    );
  return leads;
}

/**
 * What of the forecast to keep, if not all: a variable or level the model lacks is a 400 now, not a
 * failed job later, named where the request gave it (`query.variables`, `body.levels`).
 */
function checkedKeep(spec: ForecastSpec, model: GridModelSpec): ForecastSpec['keep'] | undefined {
  const keep = spec.keep.variables || spec.keep.levels ? spec.keep : undefined;
  if (!keep) return undefined;
  try {
    keptSpec(model, keep);
  } catch (err) {
    if (!isStrataError(err, 'INVALID_ARGUMENT')) throw err;
    // keptSpec names its own argument (`keep.levels`); the client sent the list on its own.
    const field = `${spec.part}.${(err.context as { argument?: string }).argument === 'keep.levels' ? 'levels' : 'variables'}`;
    throw new HttpError('VALIDATION_FAILED', `${field}: ${err.message}`, { extra: { field }, cause: err });
  }
  return keep;
}

/** What the forecast route works with beside the resources. */
export interface SubmitRouteOptions {
  readonly queue: JobQueue;
  readonly maxUploadBytes: number;
  /** The app's uploaded files open at once, shared with every route that reads an upload. */
  readonly reads: UntrustedReads;
}

/** `POST /v1/forecasts`: a rollout job from a dataset id or an uploaded NetCDF file. */
export function submitRoute(r: WeatherResources, options: SubmitRouteOptions): RouteSpec {
  const { queue, maxUploadBytes, reads } = options;
  const modelOf = (id: string, field: string) => {
    const m = r.models.get(id);
    if (!m)
      throw new HttpError(
        'VALIDATION_FAILED',
        `${field}: no model "${id}"; there are ${[...r.models.keys()].join(', ')}`,
        {
          extra: { field },
        },
      );
    return m;
  };
  return route({
    method: 'post',
    path: '/v1/forecasts',
    summary:
      'Start a forecast: a model rolled out from an initial state (a dataset id, or an uploaded NetCDF file)',
    description:
      'Answers 202 with the job; follow it at its `events` link, then read fields at /v1/forecasts/{id}/fields/{variable}. ' +
      'An upload is answered 503 with `Retry-After` while the server reads as many uploads as it reads at once.',
    tags: ['forecasts'],
    query: forecastQuery,
    body: forecastRequest,
    upload: {
      types: NETCDF_TYPES,
      maxBytes: maxUploadBytes,
      description: 'A NetCDF file (classic or NetCDF-4) holding the initial state',
      extensions: Object.fromEntries(NETCDF_TYPES.map((t) => [t, '.nc'])),
      // Kept only once the request has proved valid: a refused request's file goes with its answer.
      keep: true,
    },
    status: 202,
    response: jobView,
    // No such model or dataset, a time it cannot start from; a file that is no grid, or lacks a field;
    // a full job queue, or every upload reader busy.
    errors: [...GRID_UPLOAD_ERRORS],
    ...(r.forecastExample ? { example: { body: r.forecastExample } } : {}),
    handler: async ({ query, body, upload, res, signal }) => {
      const spec = upload
        ? uploadSpec(query as z.infer<typeof forecastQuery>, upload)
        : datasetSpec(r, body as z.infer<typeof forecastRequest>);
      const model = modelOf(spec.model, `${spec.part}.model`);
      const leads = checkedLeads(spec, model);
      const keep = checkedKeep(spec, model.spec);
      // The file is read for its description now: a time it cannot start from is a 400, not a failed job.
      const source = await openInitial(spec.file, { reads, signal });
      let init: string;
      try {
        init = initialTimeOf(source, model, { init: spec.init, file: spec.file, part: spec.part });
      } finally {
        source.close();
      }
      const input: RolloutJobInput = {
        modelsDir: r.modelsDir,
        models: [model.id],
        initial: { file: spec.file.path, time: init, name: spec.file.name },
        leads,
        ...(keep ? { keep } : {}),
      };
      const job = await queue.submit({
        kind: 'weather.rollout',
        input,
        ...(spec.name ? { name: spec.name } : {}),
        // An uploaded initial state is the job's: removed with it.
        ...(upload ? { files: [upload.path] } : {}),
      });
      res.location(`v1/jobs/${job.id}`);
      return viewOf(job);
    },
  });
}
