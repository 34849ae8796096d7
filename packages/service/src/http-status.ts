import type { CoreErrorCode } from '@strata/core';

/** The codes the service kit itself answers with (bad requests, auth, limits, time). */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CROSS_SITE_REQUEST'
  | 'NOT_FOUND'
  | 'NOT_ACCEPTABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'REQUEST_TIMEOUT'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

/**
 * The one table from error codes to HTTP statuses, for the core's codes and the kit's own. It is typed
 * against both unions, so a new code without a status does not compile; each domain app adds the table
 * of its own codes (typed against its union the same way) through `createService({ statuses })`.
 */
export const STATUS_OF_CODE: Readonly<Record<CoreErrorCode | HttpErrorCode, number>> = {
  // The request itself.
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  // A browser sent it from another site's page, with no API key (see refuseCrossSite).
  CROSS_SITE_REQUEST: 403,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // Models: a missing one is the client's mistake; a broken one is ours.
  MODEL_NOT_FOUND: 404,
  MANIFEST_INVALID: 500,
  MODEL_FILE_MISSING: 500,
  MODEL_HASH_MISMATCH: 500,
  MODEL_SIGNATURE_MISMATCH: 500,
  MODEL_LOAD_FAILED: 500,
  FEED_MISSING: 400,
  FEED_UNKNOWN: 400,
  FEED_DTYPE: 400,
  FEED_SHAPE: 400,
  INFERENCE_FAILED: 500,
  SESSION_DISPOSED: 500,
  // Jobs.
  JOB_NOT_FOUND: 404,
  JOB_HANDLER_UNKNOWN: 400,
  JOB_FAILED: 500,
  JOB_NOT_FINISHED: 409,
  JOB_STATE_LOCKED: 409,
  // Capacity and time: try again later.
  QUEUE_FULL: 503,
  ABORTED: 503,
  TIMEOUT: 503,
  SHUTTING_DOWN: 503,
  DEADLINE_EXCEEDED: 503,
  THREAD_EXITED: 500,
  THREAD_OUT_OF_MEMORY: 500,
  INTERNAL: 500,
};

/** A domain's own codes and their statuses, as an app passes them to `createService`. */
export type StatusTable = Readonly<Record<string, number>>;

/** The HTTP status of an error code: the domain's table first, then the kit's; 500 for a code neither knows. */
export function statusOf(code: string, domain?: StatusTable): number {
  return domain?.[code] ?? (STATUS_OF_CODE as StatusTable)[code] ?? 500;
}
