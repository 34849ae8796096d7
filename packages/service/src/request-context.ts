import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
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
    // Every task of the request listens to it (a truth file's fields, a call's series), each until it settles.
    setMaxListeners(0, controller.signal);
    res.locals.signal = controller.signal;
    const started = process.hrtime.bigint();
    const expire = () => {
      controller.abort(new Error('request timed out'));
      if (res.headersSent) return;
      // A body still arriving is not read to its end: the answer closes the connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendProblem(res, 'TIMEOUT', `the request took longer than ${timeoutMs} ms`);
    };
    let timer = setTimeout(expire, timeoutMs).unref();
    const deadline: Deadline = {
      ms: timeoutMs,
      disarm: () => clearTimeout(timer),
      rearm: () => {
        clearTimeout(timer);
        timer = setTimeout(expire, timeoutMs).unref();
      },
    };
    res.locals.deadline = deadline;
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

/** A request's deadline, as {@link requestContext} keeps it. */
interface Deadline {
  readonly ms: number;
  disarm(): void;
  rearm(): void;
}

/** Lifts the per-request timeout for a long-lived answer (an event stream) before it starts. */
export function disarmTimeout(res: Response): void {
  (res.locals.deadline as Deadline | undefined)?.disarm();
}

/**
 * The request timeout, lifted while an upload's body arrives (its transfer takes what the link
 * allows, as long as bytes keep coming) and started afresh for the work once it is in: returns
 * how long an upload may go without a byte, and a function that starts the deadline again.
 */
export function timeoutForUpload(res: Response): { idleMs: number; rearm: () => void } {
  const deadline = res.locals.deadline as Deadline | undefined;
  deadline?.disarm();
  return { idleMs: deadline?.ms ?? 30_000, rearm: () => deadline?.rearm() };
}
