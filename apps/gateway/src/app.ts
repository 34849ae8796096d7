import express, { type ErrorRequestHandler, type Express } from 'express';
import { isStrataError, type Logger } from '@strata/core';
import type { ModelRegistry } from '@strata/core/node';

/** What the gateway serves. */
export interface GatewayDeps {
  readonly registry: ModelRegistry;
  readonly logger: Logger;
}

/** HTTP status of each error code the gateway can meet. */
const STATUS: Readonly<Record<string, number>> = { MODEL_NOT_FOUND: 404, INVALID_ARGUMENT: 400 };

/**
 * The gateway app: health, readiness and the model catalogue. The domain APIs mount here as they land.
 *
 * @example
 * ```ts
 * const app = createGatewayApp({ registry, logger });
 * app.listen(8080);
 * ```
 */
export function createGatewayApp({ registry, logger }: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    res.json({ status: 'ready', models: registry.list().length });
  });
  app.get('/v1/models', (_req, res) => {
    res.json({
      models: registry.list().map(({ manifest: m, loaded }) => ({
        id: m.id,
        version: m.version,
        task: m.task,
        license: m.license,
        loaded,
        inputs: m.inputs,
        outputs: m.outputs,
      })),
    });
  });
  app.get('/v1/models/:id', (req, res) => {
    res.json(registry.manifest(req.params.id));
  });

  app.use((req, res) => {
    problem(res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    if (isStrataError(err)) return problem(res, STATUS[err.code] ?? 500, err.code, err.message);
    // Express and its parsers mark client errors (a malformed URL, a bad body) with a 4xx status.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return problem(res, status, 'BAD_REQUEST', (err as Error).message);
    }
    logger.error({ err: err as Error, path: req.path }, 'unhandled error');
    problem(res, 500, 'INTERNAL', 'internal error');
  };
  app.use(onError);
  return app;
}

function problem(res: express.Response, status: number, code: string, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: code, status, code, detail });
}
