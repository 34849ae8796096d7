import { resolve, sep } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { silentLogger, type Logger } from '@strata/core';
import type { JobQueue } from '@strata/jobs';
import { routerOf, type RouteSpec } from './api.js';
import { requireApiKey, type ApiKey } from './auth.js';
import { refuseCrossSite } from './cross-site.js';
import { rateLimit } from './rate-limit.js';
import { docsRouter } from './docs.js';
import { errorHandler, notFound } from './errors-middleware.js';
import type { StatusTable } from './http-status.js';
import { eventLoopCheck } from './event-loop.js';
import { readiness, type Readiness, type ReadinessCheck } from './health.js';
import { jobsRoutes, type JobsRoutesOptions } from './jobs-routes.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { openApiDocument, type ApiInfo } from './openapi.js';
import { requestContext } from './request-context.js';

/** Options of {@link createService}. */
export interface ServiceOptions {
  /** The domain: names metrics, scopes API keys (`weather`, `drug`, `timeseries`). */
  readonly domain: string;
  readonly info: ApiInfo;
  /** The domain's routes (paths under `/v1`). */
  readonly routes: readonly RouteSpec[];
  /**
   * The statuses of the domain's own error codes: type it `Record<DomainErrorCode, number>` so a new
   * code without a status does not compile. @defaultValue none (the kit's table alone)
   */
  readonly statuses?: StatusTable;
  /** The shared job routes, when the domain has jobs. */
  readonly jobs?: Omit<JobsRoutesOptions, 'heartbeatSeconds'> & { heartbeatSeconds?: number };
  /**
   * What `/readyz` checks (models loaded, workers up) besides the event loop's delay, and the job
   * queue's store when `jobs` is given. @defaultValue none
   */
  readonly readiness?: readonly ReadinessCheck[];
  /** API keys: when any, every `/v1` route needs one. @defaultValue none (open; bind to loopback) */
  readonly apiKeys?: readonly ApiKey[];
  /** Requests a minute per key (or client address); 0 turns the limit off. @defaultValue `600` */
  readonly rateLimitPerMinute?: number;
  /**
   * Which proxies' `X-Forwarded-For` names the client (for rate limits and logs), as Express's `trust
   * proxy` takes it: a hop count, or addresses and subnets (`loopback`, `10.0.0.0/8`). Without it the
   * header is ignored, so a client cannot escape its limit by sending a new address each time.
   * @defaultValue `false`
   */
  readonly trustProxy?: boolean | number | string;
  /** Largest JSON body. @defaultValue 1 MiB */
  readonly jsonLimitBytes?: number;
  /**
   * Where uploads are streamed to as they arrive (`<stateDir>/uploads`; every job worker must reach it);
   * needed when a route takes an upload. @defaultValue none
   */
  readonly uploadsDir?: string;
  /** Time a request may take before it is answered 503. @defaultValue `30000` */
  readonly timeoutMs?: number;
  /** Metrics to record into; domain code observes model runs on them. @defaultValue new ones */
  readonly metrics?: ServiceMetrics;
  /**
   * Apps mounted under a path prefix after the open routes and before this app's own `/v1` routes
   * and 404: how the gateway serves each domain's app. @defaultValue none
   */
  readonly mount?: readonly { readonly path: string; readonly app: RequestHandler }[];
  /**
   * Whether a route's example that fails its schemas stops the service being made (`INVALID_ARGUMENT`)
   * instead of being left out of the document with a logged warning: for tests, which must catch an
   * example that drifted; a server's examples made from data must not stop it starting.
   * @defaultValue `false`
   */
  readonly strictExamples?: boolean;
  /** @defaultValue a silent logger */
  readonly logger?: Logger;
}

/** An app built by {@link createService}. */
export interface Service {
  /** The Express app: mount it, or listen with {@link serve}. */
  readonly app: Express;
  readonly metrics: ServiceMetrics;
  /** The OpenAPI 3.1 document (also at `/openapi.json`). */
  readonly document: Record<string, unknown>;
  /** What `/readyz` answers. */
  ready(): Promise<Readiness>;
}

/**
 * Builds a domain's app without listening: request ids, access logs and timeouts; state-changing
 * requests a browser sent from another site's page refused (`CROSS_SITE_REQUEST`, unless they send an
 * API key); `/healthz`, `/readyz`, `/metrics`, `/openapi.json` and `/docs` (open); then the `/v1`
 * routes behind API keys and the rate limit, with zod validation; a JSON 404; and problem+json errors
 * from one table.
 *
 * @example
 * ```ts
 * const { app } = createService({
 *   domain: 'timeseries',
 *   info: { title: 'Strata time series', version: '1' },
 *   routes: [route({ method: 'get', path: '/v1/ping', summary: 'Ping', handler: () => ({ pong: true }) })],
 * });
 * await serve(app, { port: 8080 });
 * ```
 */
export function createService(options: ServiceOptions): Service {
  const logger = options.logger ?? silentLogger;
  const keys = options.apiKeys ?? [];
  const jobs = options.jobs;
  const metrics =
    options.metrics ??
    createMetrics({
      app: options.domain,
      ...(jobs ? { queue: jobs.queue, jobKinds: (k) => jobs.kinds.includes(k) } : {}),
    });
  const hidden = options.uploadsDir ? `${resolve(options.uploadsDir)}${sep}` : undefined;
  const routes = [
    ...options.routes,
    ...(jobs ? jobsRoutes({ ...jobs, ...(hidden ? { hiddenPath: hidden } : {}) }) : []),
  ];
  const rateLimitPerMinute = options.rateLimitPerMinute ?? 600;
  const document = openApiDocument(options.info, routes, {
    secured: keys.length > 0,
    rateLimited: rateLimitPerMinute > 0,
    ...(options.statuses ? { statuses: options.statuses } : {}),
    strictExamples: options.strictExamples ?? false,
    logger,
  });
  const checks = [
    ...(options.readiness ?? []),
    ...(jobs ? [jobQueueCheck(jobs.queue)] : []),
    eventLoopCheck(),
  ];
  const ready = () => readiness(checks);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(requestContext(logger, options.timeoutMs ?? 30_000));
  app.use(metrics.middleware);
  // Before every route and mounted app: a page of another site must not make a browser change state here.
  app.use(refuseCrossSite(keys));
  const { statuses } = options;
  // Errors answered inside this app take their status from its domain's codes too, and no error shows
  // where the server keeps uploads (a message naming an uploaded file names it by its own name).
  if (statuses || hidden)
    app.use((_req, res, next) => {
      if (statuses) res.locals.statuses = statuses;
      if (hidden) res.locals.hiddenPath = hidden;
      next();
    });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await ready();
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (req, res) => {
    // The server as this request reached it: `/drug` under the gateway, `/` served alone.
    res.json({ ...document, servers: [{ url: req.baseUrl || '/', description: 'This server' }] });
  });
  app.use(docsRouter(options.info.title));
  for (const m of options.mount ?? []) app.use(m.path, m.app);
  const guarded = express.Router();
  if (keys.length) guarded.use(requireApiKey(keys, options.domain));
  if (rateLimitPerMinute > 0) guarded.use(rateLimit(rateLimitPerMinute));
  // The KServe v2 routes (`/v2/models/...`) are guarded as the domain routes are.
  app.use(['/v1', '/v2'], guarded);
  app.use(
    routerOf(routes, { jsonLimitBytes: options.jsonLimitBytes ?? 1 << 20, uploadsDir: options.uploadsDir }),
  );
  app.use(notFound);
  app.use(errorHandler(logger));
  return { app, metrics, document, ready };
}

/** The job queue is ready while its store answers; a store that lost its jobs says so, still ready. */
function jobQueueCheck(queue: JobQueue): ReadinessCheck {
  return {
    name: 'job queue',
    check: async () => {
      const note = await queue.ping();
      return note ? { ok: true, detail: note } : true;
    },
  };
}
