import { z } from 'zod';
import { JobError } from '@strata/core';
import { TERMINAL_STATES, type JobInfo, type JobQueue, type Json } from '@strata/jobs';
import { route, type RouteContext, type RouteSpec } from './api.js';
import { hide, HttpError } from './problem.js';
import { disarmTimeout } from './request-context.js';

/** The query of `GET /v1/jobs/{id}/results`: a format and a page, sorted by a column. */
export const resultsQuery = z.object({
  format: z
    .enum(['json', 'csv', 'arrow', 'parquet'])
    .optional()
    .describe('The answer format; `Accept` chooses when absent. @defaultValue json'),
  offset: z.coerce.number().int().min(0).default(0).describe('First row of the page (JSON).'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100).describe('Rows per page (JSON).'),
  sort: z.string().optional().describe('Column to sort by. @defaultValue the job’s ranking column'),
  order: z.enum(['asc', 'desc']).optional().describe('Sort order. @defaultValue the column’s natural order'),
});
export type ResultsQuery = z.infer<typeof resultsQuery>;

/** Answers a succeeded job's results: its domain knows what they are. */
export type ResultsHandler = (
  job: JobInfo,
  query: ResultsQuery,
  ctx: RouteContext<unknown, unknown, unknown>,
) => unknown;

/** How one domain's jobs appear over HTTP. */
export interface JobsRoutesOptions {
  readonly queue: JobQueue;
  /** The job kinds this domain serves (others answer 404 here). */
  readonly kinds: readonly string[];
  /** Results of each kind. */
  readonly results: Readonly<Record<string, ResultsHandler>>;
  /** What of a job's result clients see (never server paths). @defaultValue nothing */
  readonly summary?: (job: JobInfo) => Json;
  /** Seconds between keep-alive comments on event streams. @defaultValue `15` */
  readonly heartbeatSeconds?: number;
  /** A server directory no job error may show (the uploads'): left out of error messages. @defaultValue none */
  readonly hiddenPath?: string;
}

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({
    done: z.number(),
    total: z.number().nullable(),
    rate: z.number().nullable().describe('Units per second.'),
    etaSeconds: z.number().nullable(),
  }),
  summary: z.unknown().describe('What the job found, once succeeded (depends on the kind).'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number().int(),
  resumedFrom: z.number(),
  cancelRequested: z.boolean(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  links: z.object({ self: z.string(), events: z.string(), results: z.string() }),
});
export type JobView = z.infer<typeof jobView>;

const idParams = z.object({ id: z.string().min(1).max(128).describe('The job id.') });

/**
 * A finished job's summary, or null when it cannot be made: a job whose record the journal rebuilt has
 * lost its input, and viewing or listing jobs must not fail on the one job that cannot be described.
 */
function summaryOf(job: JobInfo, summary: (job: JobInfo) => Json): Json {
  try {
    return summary(job);
  } catch {
    return null;
  }
}

/** The public view of a job: no inputs or result paths, links relative to the API root. */
export function viewOf(job: JobInfo, summary?: (job: JobInfo) => Json, hiddenPath?: string): JobView {
  const self = `v1/jobs/${job.id}`;
  return {
    id: job.id,
    kind: job.kind,
    name: job.name,
    state: job.state,
    progress: job.progress,
    summary: job.state === 'succeeded' && summary ? summaryOf(job, summary) : null,
    error:
      job.error && hiddenPath ? { ...job.error, message: hide(job.error.message, hiddenPath) } : job.error,
    attempts: job.attempts,
    resumedFrom: job.resumedFrom,
    cancelRequested: job.cancelRequested,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    links: { self, events: `${self}/events`, results: `${self}/results` },
  };
}

/**
 * The job with this id when it is of one of `kinds`; `JOB_NOT_FOUND` otherwise, so that a domain's
 * routes never reveal another domain's jobs. `noun` names it in the message (`no forecast "…"`), with
 * the queue's note where its store has lost jobs.
 */
export async function jobOfKind(
  queue: JobQueue,
  id: string,
  kinds: readonly string[],
  noun = 'job',
): Promise<JobInfo> {
  const job = await queue.get(id);
  if (job && kinds.includes(job.kind)) return job;
  // An id the store has lost (a Redis restarted without persistence) is worth more than a plain "no".
  const note = await queue.ping().catch(() => undefined);
  throw new JobError('JOB_NOT_FOUND', `no ${noun} "${id}"${note ? ` (${note})` : ''}`, {
    context: { jobId: id },
  });
}

/** `GET /v1/jobs`: a page of this domain's jobs, newest first. */
function listRoute({ queue, kinds, summary, hiddenPath }: JobsRoutesOptions): RouteSpec {
  return route({
    method: 'get',
    path: '/v1/jobs',
    summary: 'List jobs, newest first',
    tags: ['jobs'],
    query: z.object({
      state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(100)
        .describe('At most this many jobs, the newest. @defaultValue 100'),
    }),
    response: z.object({ jobs: z.array(jobView) }),
    handler: async ({ query }) => {
      const jobs: JobInfo[] = [];
      // The queue filters by state and pages; the kinds of this domain are filtered here, a kind at a time.
      for (const kind of kinds)
        jobs.push(
          ...(await queue.list({
            kind,
            limit: query.limit,
            ...(query.state ? { state: [query.state] } : {}),
          })),
        );
      jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { jobs: jobs.slice(0, query.limit).map((j) => viewOf(j, summary, hiddenPath)) };
    },
  });
}

/** DELETE /v1/jobs/{id}: cancels an unfinished job (202), or removes a finished one with its results and files (200). */
function deleteRoute(options: JobsRoutesOptions, find: (id: string) => Promise<JobInfo>): RouteSpec {
  const { queue, summary, hiddenPath } = options;
  return route({
    method: 'delete',
    path: '/v1/jobs/{id}',
    summary:
      'Cancel an unfinished job (202, as POST …/cancel), or remove a finished one with its results and uploads (200)',
    tags: ['jobs'],
    params: idParams,
    errors: ['JOB_NOT_FOUND'],
    response: jobView,
    status: 202,
    otherStatuses: [200],
    handler: async ({ params, res }) => {
      const job = await find(params.id);
      if (!TERMINAL_STATES.includes(job.state))
        return viewOf(await queue.cancel(params.id), summary, hiddenPath);
      await queue.remove(job.id);
      res.status(200).json(viewOf(job, summary, hiddenPath));
      return undefined;
    },
  });
}

/**
 * The job routes every domain shares: read, cancel, follow (Server-Sent Events) and fetch results.
 * A job of another domain's kind is 404 here, as if it did not exist.
 */
export function jobsRoutes(options: JobsRoutesOptions): RouteSpec[] {
  const { queue, kinds, results, summary, hiddenPath } = options;
  const heartbeatMs = (options.heartbeatSeconds ?? 15) * 1000;
  const find = (id: string) => jobOfKind(queue, id, kinds);
  return [
    listRoute(options),
    route({
      method: 'get',
      path: '/v1/jobs/{id}',
      summary: 'A job: state, progress (done, total, rate, ETA), times and error',
      tags: ['jobs'],
      params: idParams,
      errors: ['JOB_NOT_FOUND'],
      response: jobView,
      handler: async ({ params }) => viewOf(await find(params.id), summary, hiddenPath),
    }),
    route({
      method: 'post',
      path: '/v1/jobs/{id}/cancel',
      summary:
        'Cancel a job: a queued one at once, a running one at its next checkpoint; a finished one is left as it is',
      tags: ['jobs'],
      params: idParams,
      errors: ['JOB_NOT_FOUND'],
      response: jobView,
      status: 202,
      handler: async ({ params }) => {
        await find(params.id);
        return viewOf(await queue.cancel(params.id), summary, hiddenPath);
      },
    }),
    deleteRoute(options, find),
    route({
      method: 'get',
      path: '/v1/jobs/{id}/events',
      summary:
        'Follow a job: a Server-Sent Events stream of `state` and `progress` events, ending with the job',
      tags: ['jobs'],
      params: idParams,
      errors: ['JOB_NOT_FOUND'],
      produces: ['text/event-stream'],
      handler: async ({ params, res, req }) => {
        const job = await find(params.id);
        disarmTimeout(res);
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        const send = (type: string, j: JobInfo) => {
          if (!ended)
            res.write(`event: ${type}\ndata: ${JSON.stringify(viewOf(j, summary, hiddenPath))}\n\n`);
        };
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          stop();
          clearInterval(beat);
          res.end();
        };
        const stop = queue.subscribe(
          (e) => {
            send(e.type, e.job);
            if (TERMINAL_STATES.includes(e.job.state)) end();
          },
          { jobId: job.id },
        );
        const beat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
        req.on('close', end);
        // Read again now that the subscription is on, so no change falls between the two.
        const now = await find(job.id);
        send('state', now);
        if (TERMINAL_STATES.includes(now.state)) end();
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/v1/jobs/{id}/results',
      summary:
        'A finished job’s results: JSON pages sorted by a column, or the whole table as CSV, Arrow or Parquet',
      tags: ['jobs'],
      params: idParams,
      // Not finished yet, or a kind without results; a results handler's own (a bad sort column) are 400s.
      errors: ['JOB_NOT_FOUND', 'JOB_NOT_FINISHED', 'NOT_FOUND'],
      query: resultsQuery,
      produces: ['text/csv', 'application/vnd.apache.arrow.file', 'application/vnd.apache.parquet'],
      handler: async (ctx) => {
        const job = await find(ctx.params.id);
        if (job.state !== 'succeeded') {
          throw new HttpError(
            'JOB_NOT_FINISHED',
            `job "${job.id}" is ${job.state}${job.error ? ` (${job.error.message})` : ''}: results come once it succeeds`,
          );
        }
        const handler = results[job.kind];
        if (!handler) throw new HttpError('NOT_FOUND', `jobs of kind "${job.kind}" have no results to fetch`);
        return handler(job, ctx.query, ctx as RouteContext<unknown, unknown, unknown>);
      },
    }),
  ];
}
