import { StrataError } from '@strata/core';

/** Error codes of @strata/timeseries. */
export type SeriesErrorCode =
  | 'SERIES_MISSING_VALUE'
  | 'SERIES_IRREGULAR'
  | 'SERIES_TOO_SHORT'
  | 'SERIES_FORMAT'
  | 'SERIES_OVERFLOW'
  | 'COLUMN_NOT_FOUND';

/** Facts attached to series errors. */
export interface SeriesErrorContext {
  readonly series?: string;
  /** The timestamp (ISO 8601) or index at fault. */
  readonly at?: string | number;
  readonly available?: readonly string[];
}

/**
 * A series that cannot be used as given: missing values, irregular timestamps, too few points, a
 * malformed file, or values whose forecasts leave the range of float64 (`SERIES_OVERFLOW`).
 */
export class SeriesError extends StrataError<SeriesErrorCode, SeriesErrorContext> {}
