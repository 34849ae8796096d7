import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptSpec, type GridField, type GridModelSpec, type GridSource } from '@strata/weather';
import { ForecastFile, openGridFile } from '@strata/weather/node';
import { z } from 'zod';
import { parseUtcTime } from '@strata/core';
import { type JobInfo, type JobQueue } from '@strata/jobs';
import { HttpError, jobOfKind } from '@strata/service';
import type { RolloutJobInput, RolloutJobResult } from '@strata/weather/node';
import type { WeatherModel } from './catalog.js';
import type { ForecastSummary } from './schemas.js';

/** A finished forecast: its file, init time and leads. */
export interface ForecastRun {
  readonly file: string;
  readonly initTime: number;
  readonly leads: readonly number[];
}

/** The forecast a job made; 409 while it runs, 404 for a lead it does not have. */
export function forecastOf(job: JobInfo): ForecastRun {
  if (job.state !== 'succeeded')
    throw new HttpError(
      'JOB_NOT_FINISHED',
      `forecast "${job.id}" is ${job.state}: its fields come once it succeeds`,
    );
  const input = job.input as RolloutJobInput | null;
  const result = job.result as RolloutJobResult;
  // A job whose record the journal rebuilt has lost its input, and with it the forecast's initial time.
  if (!input)
    throw new HttpError(
      'JOB_NOT_FOUND',
      `forecast "${job.id}": its record was damaged in the job journal, so its fields can no longer be read`,
    );
  return {
    file: result.output,
    initTime: parseUtcTime(input.initial.time),
    leads: result.leads,
  };
}

/** Opens the forecast file, runs `f`, and closes it. */
export async function withForecast<T>(run: ForecastRun, f: (source: GridSource) => Promise<T>): Promise<T> {
  const source = await openGridFile(run.file);
  try {
    return await f(source);
  } finally {
    source.close();
  }
}

/** One field of a forecast at a lead (hours). */
export async function readLead(
  source: GridSource,
  run: ForecastRun,
  request: { variable: string; lead: number; level?: number | undefined },
): Promise<GridField> {
  if (!run.leads.includes(request.lead))
    throw new HttpError(
      'VALIDATION_FAILED',
      `query.lead: this forecast has leads ${run.leads.join(', ')} h, not ${request.lead}`,
      {
        extra: { field: 'query.lead' },
      },
    );
  return source.readField({
    variable: request.variable,
    time: new Date(run.initTime + request.lead * 3_600_000),
    ...(request.level !== undefined ? { level: request.level } : {}),
  });
}

const lonDistance = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

/** The grid point nearest to (lat, lon); 400 when the point is off the grid by more than a cell. */
export function nearestPoint(
  field: GridField,
  lat: number,
  lon: number,
): { index: number; latitude: number; longitude: number } {
  const nearest = (axis: Float64Array, distance: (a: number) => number) => {
    let best = 0;
    axis.forEach((a, i) => {
      if (distance(a) < distance(axis[best]!)) best = i;
    });
    return best;
  };
  const r = nearest(field.latitude, (a) => Math.abs(a - lat));
  const c = nearest(field.longitude, (a) => lonDistance(a, lon));
  const dLat = Math.abs(field.latitude[1]! - field.latitude[0]!);
  const dLon = lonDistance(field.longitude[1]!, field.longitude[0]!);
  if (Math.abs(field.latitude[r]! - lat) > dLat || lonDistance(field.longitude[c]!, lon) > dLon)
    throw new HttpError('VALIDATION_FAILED', `query.lat: (${lat}, ${lon}) is outside the forecast's grid`, {
      extra: { field: 'query.lat' },
    });
  return {
    index: r * field.longitude.length + c,
    latitude: field.latitude[r]!,
    longitude: field.longitude[c]!,
  };
}

/** One lead of a forecast (every variable of its model) as a CF NetCDF-4 file's bytes. */
export async function leadAsNetcdf(run: ForecastRun, spec: GridModelSpec, lead: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-lead-'));
  const path = join(dir, 'lead.nc');
  try {
    const source = await ForecastFile.open(run.file, spec);
    let state;
    try {
      state = source.read(lead);
    } finally {
      source.close();
    }
    const out = await ForecastFile.create(path, { spec, initTime: run.initTime });
    try {
      out.write(lead, state);
    } finally {
      out.close();
    }
    return await readFile(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Media types a NetCDF upload may come as. */
export const NETCDF_TYPES = ['application/x-netcdf', 'application/netcdf', 'application/octet-stream'];

/** The path parameter of a forecast (its job id). */
export const idParams = z.object({ id: z.string().min(1).max(128) });

/** The rollout job of a forecast id; `JOB_NOT_FOUND` for any other id. */
export const findForecast = (queue: JobQueue, id: string): Promise<JobInfo> =>
  jobOfKind(queue, id, ['weather.rollout'], 'forecast');

/**
 * What clients see of a finished forecast: its model, initial time, leads, and the variables (with
 * levels) it kept, so a client can offer exactly the fields there are.
 */
export function forecastSummary(
  models: ReadonlyMap<string, WeatherModel>,
): (job: JobInfo) => ForecastSummary {
  return (job) => {
    const input = job.input as RolloutJobInput;
    const result = job.result as RolloutJobResult;
    const model = models.get(input.models[0]!);
    const spec = model && input.keep ? keptSpec(model.spec, input.keep) : model?.spec;
    return {
      model: input.models[0]!,
      init: new Date(parseUtcTime(input.initial.time)).toISOString(),
      leads: result.leads,
      variables: (spec?.tensors ?? []).flatMap((t) =>
        t.variables.map((name) => ({ name, levels: t.levels ? [...t.levels] : null })),
      ),
    };
  };
}
