import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { arrowBytesToTable, csvCell, InvalidArgumentError } from '@strata/core';
import { type JobInfo, type JobQueue } from '@strata/jobs';
import { jobView, route, sendTable, viewOf, type ResultsHandler, type RouteSpec } from '@strata/service';
import { FORECASTERS, isForecastMethod } from '@strata/timeseries';
import type { ForecastJobInput, ForecastJobResult } from '@strata/timeseries/node';
import { FORECAST_JOB_CSV, FORECAST_JOB_EXAMPLE } from './doc-examples.js';
import { seriesInput } from './schemas.js';

const ARROW_TYPES = ['application/vnd.apache.arrow.file', 'application/vnd.apache.arrow.stream'];

const jobQuery = z.object({
  h: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Steps to forecast (with a file upload).'),
  model: z.string().optional().describe('A statistical model (with a file upload). @defaultValue auto'),
  levels: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/)
    .optional()
    .describe('Comma-separated levels, e.g. 80,95.'),
  period: z.coerce.number().int().min(1).optional(),
  missing: z.enum(['error', 'interpolate']).optional(),
  name: z.string().max(200).optional(),
});

const jobBody = z.object({
  data: seriesInput.data.unwrap().min(1),
  period: seriesInput.period,
  missing: seriesInput.missing,
  h: z.number().int().min(1).max(10_000),
  model: z.string().default('auto'),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(5).default([80, 95]),
  name: z.string().max(200).optional(),
});

/** The `timeseries.forecast` job over HTTP: submit a long-format file or rows, fetch the forecasts. */
export function forecastJobRoutes(queue: JobQueue, uploadsDir: string, maxUploadBytes: number): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/v1/forecast-jobs',
      summary: 'Forecast many series as a job: a long-format CSV or Arrow file, or rows as JSON',
      description:
        'Upload a long-format file (`id,timestamp,value`) with `h` and `model` in the query, or send JSON ' +
        '`{data, h, model}`. Answers 202 with the job; follow it at its `events` link, fetch forecasts at `results`.',
      tags: ['forecasting', 'jobs'],
      query: jobQuery,
      body: jobBody,
      errors: ['INVALID_ARGUMENT', 'QUEUE_FULL', 'SHUTTING_DOWN'],
      // The query serves the file upload (JSON takes its own h and model); a JSON request ignores it.
      example: {
        body: FORECAST_JOB_EXAMPLE,
        query: { h: 12, model: 'ets' },
        upload: { type: 'text/csv', text: FORECAST_JOB_CSV },
      },
      upload: {
        types: ['text/csv', ...ARROW_TYPES],
        maxBytes: maxUploadBytes,
        description: 'Long-format series',
        // The job reads a file by its extension.
        extensions: {
          'text/csv': '.csv',
          'application/vnd.apache.arrow.file': '.arrow',
          'application/vnd.apache.arrow.stream': '.arrow',
        },
        keep: true,
      },
      status: 202,
      response: jobView,
      handler: async ({ query, body, upload, res }) => {
        let spec: Omit<ForecastJobInput, 'method'> & { method: string; name?: string | undefined };
        // The upload, or the file of the rows sent, is the job's: removed with it.
        let owned: string;
        if (upload) {
          owned = upload.path;
          if (query.h === undefined)
            throw new InvalidArgumentError('query.h', 'give the horizon h in the query with a file upload');
          spec = {
            input: upload.path,
            // Its sender's name for it, not the random one it is stored under, in every message.
            inputName: upload.label,
            method: query.model ?? 'auto',
            h: query.h,
            levels: query.levels ? query.levels.split(',').map(Number) : [80, 95],
            ...(query.period ? { period: query.period } : {}),
            ...(query.missing ? { missing: query.missing } : {}),
            // A job is known by its file where its client named neither.
            name: query.name ?? upload.name ?? undefined,
          };
        } else {
          const b = body as z.infer<typeof jobBody>;
          await mkdir(uploadsDir, { recursive: true });
          const file = join(uploadsDir, randomUUID());
          const lines = b.data.map((r) => `${csvCell(r.id)},${csvCell(r.timestamp)},${csvCell(r.value)}`);
          owned = `${file}.csv`;
          await writeFile(owned, `id,timestamp,value\n${lines.join('\n')}\n`);
          spec = {
            input: `${file}.csv`,
            inputName: 'the rows sent',
            method: b.model,
            h: b.h,
            levels: b.levels,
            missing: b.missing,
            ...(b.period ? { period: b.period } : {}),
            name: b.name,
          };
        }
        if (!isForecastMethod(spec.method)) {
          if (!upload) await rm(owned, { force: true });
          throw new InvalidArgumentError(
            upload ? 'query.model' : 'body.model',
            `jobs forecast with a statistical model (${Object.keys(FORECASTERS).join(', ')}), not "${spec.method}"`,
          );
        }
        const { name, ...input } = spec;
        const job = await queue
          .submit({ kind: 'timeseries.forecast', input, files: [owned], ...(name ? { name } : {}) })
          .catch(async (err: unknown) => {
            // The kit removes a refused upload; a file written here from JSON rows is this route's to remove.
            if (!upload) await rm(owned, { force: true });
            throw err;
          });
        res.location(`v1/jobs/${job.id}`);
        return viewOf(job, summary);
      },
    }),
  ];
}

/** What clients see of a finished forecast job. */
export function summary(job: JobInfo): { series: number; failed: number; warnings: string[] } {
  const r = job.result as ForecastJobResult;
  return { series: r.series, failed: r.failed, warnings: r.warnings };
}

/** The forecasts of a finished job: one row per series and step (see `forecastTable`). */
export const forecastResults: ResultsHandler = async (job, query, ctx) => {
  const r = job.result as ForecastJobResult;
  const table = arrowBytesToTable(await readFile(r.output));
  sendTable(ctx.res, table, query, { accept: ctx.req.get('accept'), filename: `forecasts-${job.id}` });
  return undefined;
};
