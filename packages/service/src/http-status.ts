/**
 * The one table from Strata error codes to HTTP statuses. Codes not listed answer 500: a new code
 * is an internal error until someone decides what the client did wrong.
 */
export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  // The request itself.
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // Models.
  MODEL_NOT_FOUND: 404,
  FEED_MISSING: 400,
  FEED_UNKNOWN: 400,
  FEED_DTYPE: 400,
  FEED_SHAPE: 400,
  // Jobs.
  JOB_NOT_FOUND: 404,
  JOB_HANDLER_UNKNOWN: 400,
  JOB_NOT_FINISHED: 409,
  JOB_STATE_LOCKED: 409,
  QUEUE_FULL: 503,
  ABORTED: 503,
  TIMEOUT: 503,
  SHUTTING_DOWN: 503,
  // Domains: bad data sent by the client.
  INVALID_MOLECULE: 422,
  INVALID_SMARTS: 422,
  READER_FORMAT: 422,
  COLUMN_NOT_FOUND: 422,
  SERIES_MISSING_VALUE: 422,
  SERIES_IRREGULAR: 422,
  SERIES_TOO_SHORT: 422,
  SERIES_FORMAT: 422,
  GRID_FORMAT: 422,
  GRID_UNSUPPORTED: 422,
  VARIABLE_NOT_FOUND: 404,
  LEVEL_NOT_FOUND: 404,
  TIME_NOT_FOUND: 404,
};

/** The HTTP status of an error code. */
export function statusOf(code: string): number {
  return STATUS_OF_CODE[code] ?? 500;
}
