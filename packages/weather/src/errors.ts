import { StrataError } from '@strata/core';

/** Error codes of @strata/weather. */
export type WeatherErrorCode =
  'GRID_FORMAT' | 'GRID_UNSUPPORTED' | 'VARIABLE_NOT_FOUND' | 'LEVEL_NOT_FOUND' | 'TIME_NOT_FOUND';

/** Facts attached to grid errors. */
export interface GridErrorContext {
  readonly source?: string;
  readonly variable?: string;
  readonly requested?: unknown;
  readonly available?: unknown;
}

/**
 * A grid file that cannot be read (not NetCDF, truncated, an unsupported encoding) or a request it
 * cannot answer (no such variable, level or time).
 */
export class GridError extends StrataError<WeatherErrorCode, GridErrorContext> {}
