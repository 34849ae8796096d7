import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { InvalidArgumentError } from '@strata/core';
import { HttpError } from './problem.js';
import { timeoutForUpload } from './request-context.js';
import { isUploadRequest, receiveUpload, removeWhenAnswered, type Upload } from './uploads.js';

/** What a route handler gets: validated inputs, the raw request and response, and a signal. */
export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly req: Request;
  readonly res: Response;
  /** Fires when the client goes away or the request times out: stop work that only it wanted. */
  readonly signal: AbortSignal;
  /**
   * The file the client uploaded (routes with `upload`, when the request is one; `body` is then
   * undefined). It is on disk already, never in memory: a handler that needs its bytes reads the file.
   */
  readonly upload?: Upload;
}

/** A raw (non-JSON) request body: a file upload. */
export interface UploadSpec {
  /** Media types accepted, e.g. `text/csv`, `application/octet-stream`. */
  readonly types: readonly string[];
  /** Largest body, in bytes. */
  readonly maxBytes: number;
  /** What the upload is, for the OpenAPI document. */
  readonly description: string;
  /**
   * File name extensions by media type (`{ 'text/csv': '.csv' }`), for readers that go by the name.
   * @defaultValue none: the file is named by its random id alone
   */
  readonly extensions?: Readonly<Record<string, string>>;
  /**
   * Whether the file outlives the request: `true` when the handler makes it a job's input, which it
   * stays once the handler has succeeded (a failed request's file goes all the same).
   * @defaultValue `false`: the file is removed when the response ends
   */
  readonly keep?: boolean;
}

/**
 * A request that succeeds as it stands, for the OpenAPI document: Swagger UI's "Try it out" sends it
 * as it is. The document checks it against the route's schemas when it is made.
 */
export interface RequestExample {
  /** The JSON body. */
  readonly body?: unknown;
  /** Values of path parameters (`{ name: 'timeseries-mlp' }`). */
  readonly params?: Readonly<Record<string, string>>;
  /** Values of query parameters. */
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  /** A text file to upload instead of a JSON body (`text/plain`, `text/csv`), for routes that take one. */
  readonly upload?: { readonly type: string; readonly text: string };
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
  /**
   * Or a raw body (a file), streamed to the uploads directory; the handler gets its path as `upload`.
   * A route that takes both gets JSON as `body` and any other body, with whatever type, as the file.
   */
  readonly upload?: UploadSpec;
  /** The JSON answer, for the document. @defaultValue no schema */
  readonly response?: z.ZodType;
  /** The success status. @defaultValue `200` */
  readonly status?: number;
  /**
   * Other success statuses a handler that answers itself may send with the same schema (a DELETE that
   * cancels with 202 or removes with 200), for the document. @defaultValue none
   */
  readonly otherStatuses?: readonly number[];
  /** Media types the route can answer besides JSON (chosen by `Accept` or `format=`), for the document. */
  readonly produces?: readonly string[];
  /**
   * The error codes the handler itself may answer with (`JOB_NOT_FOUND`, `INVALID_MOLECULE`), for the
   * document, which lists each under its status; the kit adds its own (validation, body size, media
   * type, keys, rate limit, time). @defaultValue none
   */
  readonly errors?: readonly string[];
  /** A request that succeeds as it stands, for the document. @defaultValue none */
  readonly example?: RequestExample;
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

/** The route's upload spec when the request is an upload (see {@link isUploadRequest}). */
function uploadOf(spec: RouteSpec, req: Request): UploadSpec | undefined {
  if (!spec.upload) return undefined;
  return isUploadRequest(req, { json: spec.body !== undefined, types: spec.upload.types })
    ? spec.upload
    : undefined;
}

/** Options of {@link routerOf}. */
export interface RouterOptions {
  /** Largest JSON body. */
  readonly jsonLimitBytes: number;
  /** Where uploads are streamed to; needed when any route takes one. @defaultValue none */
  readonly uploadsDir?: string | undefined;
}

/** The Express router of a set of routes: body parsing per route, validation, then the handler. */
export function routerOf(routes: readonly RouteSpec[], options: RouterOptions): Router {
  const { uploadsDir } = options;
  const uploading = routes.find((r) => r.upload);
  if (uploading && !uploadsDir)
    throw new InvalidArgumentError(
      'uploadsDir',
      `${uploading.method.toUpperCase()} ${uploading.path} takes uploads: give the service an uploads directory`,
    );
  const router = express.Router();
  const json = express.json({ limit: options.jsonLimitBytes });
  for (const spec of routes) {
    const handle = async (req: Request, res: Response, next: NextFunction) => {
      let upload: Upload | undefined;
      let kept = false;
      try {
        const uploadSpec = uploadOf(spec, req);
        // Params and query are checked before the upload is read: a bad request costs no disk.
        const [params, query, body] = parseParts([
          ['params', spec.params, req.params],
          ['query', spec.query, req.query],
          ['body', uploadSpec ? undefined : spec.body, uploadSpec ? undefined : (req.body ?? {})],
        ]);
        const signal = (res.locals.signal as AbortSignal | undefined) ?? new AbortController().signal;
        if (uploadSpec) {
          // The deadline is for the work, not the transfer: a slow link may take long to send a large
          // file, as long as bytes keep coming; the handler then gets the whole deadline.
          const { idleMs, rearm } = timeoutForUpload(res);
          upload = await receiveUpload(req, res, {
            dir: uploadsDir!,
            maxBytes: uploadSpec.maxBytes,
            extensions: uploadSpec.extensions,
            signal,
            idleMs,
          });
          rearm();
        }
        const ctx = { params, query, body, req, res, signal, ...(upload ? { upload } : {}) };
        const out = await spec.handler(ctx);
        kept = spec.upload?.keep === true;
        if (out !== undefined && !res.headersSent) res.status(spec.status ?? 200).json(out);
      } catch (err) {
        next(err);
      } finally {
        if (upload && !kept) removeWhenAnswered(res, upload.path);
      }
    };
    // The JSON parser reads only application/json, so a route that takes both gets whichever body
    // the client sent; an upload is read by the handler's wrapper, as a stream to a file.
    router[spec.method](expressPath(spec.path), ...(spec.body ? [json] : []), handle);
  }
  return router;
}
