import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { HttpError } from './problem.js';

/** What a route handler gets: validated inputs, the raw request and response, and a signal. */
export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly req: Request;
  readonly res: Response;
  /** Fires when the client goes away or the request times out: stop work that only it wanted. */
  readonly signal: AbortSignal;
}

/** A raw (non-JSON) request body: a file upload. */
export interface UploadSpec {
  /** Media types accepted, e.g. `text/csv`, `application/octet-stream`. */
  readonly types: readonly string[];
  /** Largest body, in bytes. */
  readonly maxBytes: number;
  /** What the upload is, for the OpenAPI document. */
  readonly description: string;
}

/**
 * One route: its path in OpenAPI style (`/v1/jobs/{id}`), zod schemas for what it takes and answers,
 * and its handler. Schemas validate requests and make the OpenAPI document, so the two never drift.
 */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  /** A JSON body. */
  readonly body?: z.ZodType<B>;
  /** Or a raw body (a file); the handler gets a Buffer. Routes may take either, by content type. */
  readonly upload?: UploadSpec;
  /** The JSON answer, for the document. @defaultValue no schema */
  readonly response?: z.ZodType;
  /** The success status. @defaultValue `200` */
  readonly status?: number;
  /** Media types the route can answer besides JSON (chosen by `Accept` or `format=`), for the document. */
  readonly produces?: readonly string[];
  /**
   * Answers the request: a returned value is sent as JSON with `status`; a handler that answers
   * itself (a file, a stream) returns undefined.
   */
  readonly handler: (ctx: RouteContext<P, Q, B>) => unknown;
}

/**
 * Declares a route, its handler typed by its schemas. The result is an untyped {@link RouteSpec} for
 * lists of routes: the schemas check every request at run time, so the handler gets what it declared.
 */
export function route<P = unknown, Q = unknown, B = unknown>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

type Part = 'params' | 'query' | 'body';

/** The 400 problem of failed validations: the first field in `field`, all of them in `errors`. */
export function validationError(failures: readonly (readonly [Part, z.ZodError])[]): HttpError {
  const errors = failures.flatMap(([where, error]) =>
    error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message })),
  );
  const first = errors[0]!;
  return new HttpError('VALIDATION_FAILED', `${first.field}: ${first.message}`, {
    extra: { field: first.field, errors },
  });
}

/** Validates each part against its schema, reporting every failure of every part at once. */
function parseParts(parts: readonly (readonly [Part, z.ZodType | undefined, unknown])[]): unknown[] {
  const failures: [Part, z.ZodError][] = [];
  const values = parts.map(([where, schema, value]) => {
    if (!schema) return value;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    failures.push([where, result.error]);
    return undefined;
  });
  if (failures.length) throw validationError(failures);
  return values;
}

/** `/v1/jobs/{id}` → `/v1/jobs/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** The Express router of a set of routes: body parsing per route, validation, then the handler. */
export function routerOf(routes: readonly RouteSpec[], jsonLimitBytes: number): Router {
  const router = express.Router();
  const json = express.json({ limit: jsonLimitBytes });
  for (const spec of routes) {
    const raw = spec.upload
      ? express.raw({ type: [...spec.upload.types], limit: spec.upload.maxBytes })
      : null;
    const handle = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const upload = spec.upload && Buffer.isBuffer(req.body);
        if (spec.upload && !upload && !spec.body) {
          throw new HttpError(
            'UNSUPPORTED_MEDIA_TYPE',
            `send the file with Content-Type ${spec.upload.types.join(' or ')}`,
          );
        }
        const [params, query, parsed] = parseParts([
          ['params', spec.params, req.params],
          ['query', spec.query, req.query],
          ['body', upload ? undefined : spec.body, req.body ?? {}],
        ]);
        const body: unknown = upload ? (req.body as Buffer) : parsed;
        const signal = (res.locals.signal as AbortSignal | undefined) ?? new AbortController().signal;
        const out = await spec.handler({ params, query, body, req, res, signal });
        if (out !== undefined && !res.headersSent) res.status(spec.status ?? 200).json(out);
      } catch (err) {
        next(err);
      }
    };
    // Each parser reads only its own content types (json: application/json; raw: the upload's),
    // so a route that takes both gets whichever body the client sent.
    const parsers = [...(spec.body ? [json] : []), ...(raw ? [raw] : [])];
    router[spec.method](expressPath(spec.path), ...parsers, handle);
  }
  return router;
}
