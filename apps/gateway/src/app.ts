import { z } from 'zod';
import type { ModelRegistry } from '@strata/core/node';
import { consoleHandler } from './console.js';
import {
  createService,
  kserveRoutes,
  route,
  type CheckResult,
  type Readiness,
  type Service,
  type ServiceSettings,
} from '@strata/service';

/** One domain API the gateway serves under `/<name>`. */
export interface GatewayDomain {
  readonly name: string;
  readonly title: string;
  readonly service: Service;
}

/** What the gateway serves. */
export interface GatewayDeps extends ServiceSettings {
  readonly registry: ModelRegistry;
  readonly domains: readonly GatewayDomain[];
  /** The web console's built files, served at `/` (see {@link consoleHandler}). @defaultValue none */
  readonly consoleDir?: string | null;
}

/**
 * The gateway app: the web console at `/` (when built), every domain API under `/<domain>`, the model catalogue at `/v1/models`, every
 * model over the KServe v2 protocol at `/v2/models/{name}` (`/infer` runs it), and
 * `/healthz` and `/readyz` for the whole process (ready when every domain is), so a load balancer
 * probes one path.
 *
 * @example
 * ```ts
 * const app = createGatewayApp({ registry, logger, domains: [{ name: 'timeseries', title: 'Time series', service }] });
 * await serve(app, { port: 8080 });
 * ```
 */
export function createGatewayApp(deps: GatewayDeps): Service['app'] {
  const { registry, domains } = deps;
  const firstModel = registry.list()[0]?.manifest.id;
  const routes = [
    route({
      method: 'get',
      path: '/',
      summary: 'What this server serves: each domain API with its reference',
      handler: ({ req }) => ({
        name: 'strata',
        domains: domains.map((d) => ({
          name: d.name,
          title: d.title,
          api: `${req.baseUrl}/${d.name}/v1`,
          docs: `${req.baseUrl}/${d.name}/docs`,
          openapi: `${req.baseUrl}/${d.name}/openapi.json`,
        })),
        models: `${req.baseUrl}/v1/models`,
      }),
    }),
    route({
      method: 'get',
      path: '/v1/models',
      summary: 'Every bundled model with its manifest summary',
      tags: ['models'],
      handler: () => ({
        models: registry.list().map(({ manifest: m, loaded }) => ({
          id: m.id,
          version: m.version,
          task: m.task,
          license: m.license,
          loaded,
          inputs: m.inputs,
          outputs: m.outputs,
        })),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/models/{id}',
      summary: 'One model’s manifest and model card',
      tags: ['models'],
      params: z.object({ id: z.string().min(1).max(200) }),
      errors: ['MODEL_NOT_FOUND'],
      ...(firstModel ? { example: { params: { id: firstModel } } } : {}),
      handler: ({ params }) => registry.manifest(params.id),
    }),
  ];
  const { registry: _registry, domains: _domains, consoleDir, ...settings } = deps;
  const web = consoleDir ? consoleHandler(consoleDir) : null;
  return createService({
    ...settings,
    domain: 'models',
    info: {
      title: 'Strata gateway',
      version: '1',
      description: 'Each domain API is under /<domain>, with its own /docs.',
    },
    routes: [...routes, ...kserveRoutes(registry)],
    mount: [
      ...domains.map((d) => ({ path: `/${d.name}`, app: d.service.app })),
      ...(web ? [{ path: '/', app: web }] : []),
    ],
    readiness: domains.map((d) => ({
      name: d.name,
      check: async () => domainReadiness(await d.service.ready()),
    })),
  }).app;
}

/** A domain's readiness as one check of the gateway's: its details (why not ready, notes) kept. */
function domainReadiness(r: Readiness): CheckResult {
  const details = Object.entries(r.checks).flatMap(([name, c]) => (c.detail ? [`${name}: ${c.detail}`] : []));
  return details.length ? { ok: r.ready, detail: details.join('; ') } : r.ready;
}
