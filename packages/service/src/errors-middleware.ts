import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isStrataError, type Logger } from '@strata/core';
import { HttpError, sendProblem } from './problem.js';

/** The JSON 404 for every path no route takes. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 'NOT_FOUND', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`);
};

/** body-parser's error types, as Strata codes. */
const PARSER_ERRORS: Readonly<Record<string, [string, string]>> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'the request body is larger than this route accepts'],
  'entity.parse.failed': ['BAD_REQUEST', 'the request body is not valid JSON'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'the request body’s encoding is not supported'],
};

/**
 * The last middleware: every error becomes a problem+json answer with its status from the one table.
 * Unknown errors are logged with the request id and answered 500 without internals.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      return sendProblem(res, err.code, err.message, err.extra);
    }
    if (isStrataError(err)) {
      const context = err.context as { argument?: unknown };
      const field = typeof context?.argument === 'string' ? { field: context.argument } : {};
      return sendProblem(res, err.code, err.message, field);
    }
    const parser = PARSER_ERRORS[(err as { type?: string }).type ?? ''];
    if (parser) return sendProblem(res, parser[0], parser[1]);
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, 'BAD_REQUEST', (err as Error).message, { status });
    }
    logger.error(
      { err: err as Error, requestId: res.locals.requestId as string, path: req.originalUrl },
      'unhandled error',
    );
    sendProblem(res, 'INTERNAL', 'internal error; the request id finds it in the server log');
  };
}
