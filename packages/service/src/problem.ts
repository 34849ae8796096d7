import type { Response } from 'express';
import { StrataError } from '@strata/core';
import { statusOf, type StatusTable } from './http-status.js';

/** An RFC 9457 problem document, as every Strata API answers errors. */
export interface Problem {
  /** A URI naming the kind of problem: `urn:strata:problem:<code>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The Strata error code, stable across releases: the thing clients switch on. */
  readonly code: string;
  /** For validation errors: the offending field, as a dotted path (`body.series.0.values`). */
  readonly field?: string;
  /** For validation errors: every problem found, each with its field. */
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  /** The request id, to find the request in the logs. */
  readonly requestId?: string;
}

/** An error with a code the status table knows, thrown by routes and middleware. */
export class HttpError extends StrataError<string, Record<string, unknown>> {
  /** Extra members of the problem document (`field`, `errors`) and headers to send with it. */
  readonly extra: Partial<Pick<Problem, 'field' | 'errors'>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    options: { extra?: HttpError['extra']; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = 'HttpError';
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The title of a problem with this status (`Bad Request`), as its answers and the OpenAPI document give it. */
export function problemTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Sends a problem+json answer for `code` (status from the one table, with the answering app's domain codes, unless given). */
export function sendProblem(
  res: Response,
  code: string,
  detail: string,
  extra: Partial<Pick<Problem, 'field' | 'errors' | 'status'>> = {},
): void {
  const status = extra.status ?? statusOf(code, res.locals.statuses as StatusTable | undefined);
  const hidden = res.locals.hiddenPath as string | undefined;
  if (hidden) detail = hide(detail, hidden);
  const requestId = res.locals.requestId as string | undefined;
  const body: Problem = {
    type: `urn:strata:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: problemTitle(status),
    status,
    detail,
    code,
    ...(extra.field !== undefined ? { field: extra.field } : {}),
    ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** `text` with every occurrence of the directory `dir` (ending with a separator) left out. */
export function hide(text: string, dir: string): string {
  return text.includes(dir) ? text.split(dir).join('') : text;
}
