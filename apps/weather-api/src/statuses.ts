import type { WeatherErrorCode } from '@strata/weather';

/** The HTTP status of each weather error code: typed on the union, so a new code without one does not compile. */
export const WEATHER_STATUSES: Readonly<Record<WeatherErrorCode, number>> = {
  GRID_FORMAT: 422,
  GRID_UNSUPPORTED: 422,
  VARIABLE_NOT_FOUND: 404,
  LEVEL_NOT_FOUND: 404,
  TIME_NOT_FOUND: 404,
};
