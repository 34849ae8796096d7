import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '@strata/core';
import { sendProblem } from './problem.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives each request an id (the client's `X-Request-Id` when it is sane, else a new UUID), echoes it,
 * logs one structured access line when the answer is sent, and arms the per-request timeout: a
 * request still unanswered after `timeoutMs` gets a 503 problem and its signal fires, so handlers
 * stop work nobody waits for. The signal also fires when the client disconnects.
 */
export function requestContext(logger: Logger, timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    // An app mounted in another (a domain in the gateway) is already in its request's context.
    if (res.locals.requestId) return next();
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const controller = new AbortController();
    res.locals.signal = controller.signal;
    const started = process.hrtime.bigint();
    const timer = setTimeout(() => {
      controller.abort(new Error('request timed out'));
      if (!res.headersSent) sendProblem(res, 'TIMEOUT', `the request took longer than ${timeoutMs} ms`);
    }, timeoutMs);
    timer.unref();
    res.locals.disarmTimeout = () => clearTimeout(timer);
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) controller.abort(new Error('the client went away'));
      logger.info(
        {
          requestId: id,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        },
        'request',
      );
    });
    next();
  };
}

/** Lifts the per-request timeout for a long-lived answer (an event stream) before it starts. */
export function disarmTimeout(res: Response): void {
  (res.locals.disarmTimeout as (() => void) | undefined)?.();
}
