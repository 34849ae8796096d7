/**
 * `@strata/timeseries/testing`: the 87 reference series with R forecast 8.20's forecasts and metrics.
 *
 * @packageDocumentation
 */
export * from './reference.js';
