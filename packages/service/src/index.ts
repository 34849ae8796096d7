/**
 * @strata/service: the Express kit every Strata app is built with. Routes are declared once with zod
 * schemas that validate requests and make the OpenAPI 3.1 document; errors are problem+json from one
 * code-to-status table; health, readiness, Prometheus metrics, API keys, rate limits, the shared job
 * routes (with Server-Sent Events) and graceful shutdown come with {@link createService} and {@link serve}.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { createService, route, serve } from '@strata/service';
 *
 * const hello = route({
 *   method: 'get',
 *   path: '/v1/hello',
 *   summary: 'Say hello',
 *   query: z.object({ name: z.string().max(40) }),
 *   handler: ({ query }) => ({ greeting: `hello, ${query.name}` }),
 * });
 * const { app } = createService({ domain: 'demo', info: { title: 'Demo', version: '1' }, routes: [hello] });
 * await serve(app, { port: 8080 });
 * ```
 *
 * @packageDocumentation
 */
export { route, routerOf, validationError, expressPath } from './api.js';
export type { RequestExample, RouteContext, RouteSpec, RouterOptions, UploadSpec } from './api.js';
export type { Upload } from './uploads.js';
export { parseApiKeys, requireApiKey } from './auth.js';
export { rateLimit } from './rate-limit.js';
export type { ApiKey } from './auth.js';
export { createService } from './create-service.js';
export type { Service, ServiceOptions } from './create-service.js';
export { docsRouter } from './docs.js';
export { errorHandler, notFound } from './errors-middleware.js';
export { readiness } from './health.js';
export type { CheckResult, Readiness, ReadinessCheck } from './health.js';
export { STATUS_OF_CODE, statusOf, type HttpErrorCode, type StatusTable } from './http-status.js';
export { jobOfKind, jobsRoutes, jobView, resultsQuery, viewOf } from './jobs-routes.js';
export type { JobsRoutesOptions, JobView, ResultsHandler, ResultsQuery } from './jobs-routes.js';
export { createMetrics, observeModelRun } from './metrics.js';
export type { ServiceMetrics } from './metrics.js';
export { openApiDocument } from './openapi.js';
export type { ApiInfo, OpenApiOptions } from './openapi.js';
export { HttpError, sendProblem } from './problem.js';
export type { Problem } from './problem.js';
export { disarmTimeout, requestContext } from './request-context.js';
export { serve } from './serve.js';
export type { ServeOptions, Serving } from './serve.js';
export { chosenFormat, sendTable } from './table-results.js';
export { jobSettingsOf, readServiceConfig, settingsOf } from './config.js';
export type { ServiceConfig, ServiceSettings } from './config.js';
export { tableToParquet } from './parquet.js';
export { startServer } from './start-server.js';
export { kserveRoutes } from './kserve.js';
export type { InferenceRegistry } from './kserve.js';
export { readDomainConfig } from './domain.js';
export type { DomainConfig, DomainContext, OpenedDomain, StrataDomain } from './domain.js';
export { openDomains, serveDomain, type DomainProcess } from './serve-domains.js';
