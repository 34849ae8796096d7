import type { SeriesErrorCode } from '@strata/timeseries';

/** The HTTP status of each series error code: typed on the union, so a new code without one does not compile. */
export const SERIES_STATUSES: Readonly<Record<SeriesErrorCode, number>> = {
  SERIES_MISSING_VALUE: 422,
  SERIES_IRREGULAR: 422,
  SERIES_TOO_SHORT: 422,
  SERIES_FORMAT: 422,
  SERIES_OVERFLOW: 422,
  COLUMN_NOT_FOUND: 422,
};
