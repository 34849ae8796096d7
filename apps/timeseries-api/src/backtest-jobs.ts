import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { arrowBytesToTable, InvalidArgumentError } from '@strata/core';
import type { JobInfo, JobQueue } from '@strata/jobs';
import { jobView, route, sendTable, viewOf, type ResultsHandler, type RouteSpec } from '@strata/service';
import { isForecastMethod, type Series } from '@strata/timeseries';
import {
  encodeSeries,
  type BacktestJobInput,
  type BacktestJobResult,
  type UnreadSeries,
} from '@strata/timeseries/node';
import { BACKTEST_JOB_EXAMPLE } from './doc-examples.js';
import { checkModels } from './backtest-route.js';
import type { Forecasters } from './forecasters.js';
import { backtestJobRequest, type BacktestJobRequest, type BacktestJobSummary } from './schemas.js';
import { readInput } from './series-input.js';

/** What the backtest job route needs: the queue, where request files go, and where ONNX models are. */
export interface BacktestJobsDeps {
  readonly queue: JobQueue;
  readonly forecasters: Forecasters;
  readonly uploadsDir: string;
  /** The models directory the job opens ONNX forecasters from; without it, statistical models only. */
  readonly modelsDir?: string | undefined;
}

/** The job's input: the request's series written to a file the job owns, the rest as asked. */
async function jobInput(
  body: BacktestJobRequest,
  deps: BacktestJobsDeps,
): Promise<{ input: BacktestJobInput; file: string }> {
  const { series: inputs, warnings } = readInput(body);
  const read: Series[] = [];
  const unread: UnreadSeries[] = [];
  inputs.forEach((s, index) => {
    if (s.series) read.push(s.series);
    else unread.push({ index, id: s.id, ...s.error });
  });
  const frequencies = new Map(inputs.flatMap((s) => (s.series && s.frequency ? [[s.id, s.frequency]] : [])));
  await mkdir(deps.uploadsDir, { recursive: true });
  const file = join(deps.uploadsDir, `${randomUUID()}.series`);
  await writeFile(file, encodeSeries(read, frequencies));
  const input: BacktestJobInput = {
    input: file,
    models: body.models,
    h: body.h,
    levels: body.levels,
    ...(body.windows !== undefined ? { windows: body.windows } : {}),
    ...(body.step !== undefined ? { step: body.step } : {}),
    ...(unread.length ? { unread } : {}),
    // Interpolations made reading the request: the job's result gives them, as the backtest route does.
    ...(warnings.length ? { warnings } : {}),
    ...(deps.modelsDir && body.models.some((m) => !isForecastMethod(m)) ? { modelsDir: deps.modelsDir } : {}),
  };
  return { input, file };
}

/** `POST /v1/backtest-jobs`: a backtest too long for a request, as a job followed like any other. */
export function backtestJobRoutes(deps: BacktestJobsDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/v1/backtest-jobs',
      summary: 'Backtest several models as a job: for long series, slow models, or many series',
      description:
        'The body of POST /v1/backtest, without a time limit. Answers 202 with the job; follow it at its ' +
        '`events` link; its `summary` has each model’s means, its `results` one row per series and model ' +
        '(id, model, h, windows, best, mase, smape, mae, rmse, msis, coverage_<level>, error).',
      tags: ['forecasting', 'jobs'],
      body: backtestJobRequest,
      status: 202,
      response: jobView,
      errors: ['INVALID_ARGUMENT', 'QUEUE_FULL', 'SHUTTING_DOWN'],
      example: { body: BACKTEST_JOB_EXAMPLE },
      handler: async ({ body, res }) => {
        checkModels(body.models, deps.forecasters);
        body.models.forEach((m, i) => {
          if (!isForecastMethod(m) && !deps.modelsDir)
            throw new InvalidArgumentError(
              `body.models.${i}`,
              `"${m}" cannot be backtested as a job here: this server has no models directory for its jobs`,
              { value: m },
            );
        });
        const { input, file } = await jobInput(body, deps);
        const job = await deps.queue
          .submit({
            kind: 'timeseries.backtest',
            input,
            files: [file],
            ...(body.name ? { name: body.name } : {}),
          })
          .catch(async (err: unknown) => {
            await rm(file, { force: true });
            throw err;
          });
        res.location(`v1/jobs/${job.id}`);
        return viewOf(job, backtestSummary);
      },
    }),
  ];
}

/** What clients see of a finished backtest job: no server paths. */
export function backtestSummary(job: JobInfo): BacktestJobSummary {
  const { output: _, ...seen } = job.result as BacktestJobResult;
  return seen;
}

/** The rows of a finished backtest job, in input order: one per series and model. */
export const backtestResults: ResultsHandler = async (job, query, ctx) => {
  const r = job.result as BacktestJobResult;
  const table = arrowBytesToTable(await readFile(r.output));
  sendTable(ctx.res, table, query, { accept: ctx.req.get('accept'), filename: `backtest-${job.id}` });
  return undefined;
};
