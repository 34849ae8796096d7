/**
 * `@strata/timeseries`: series, forecasters with R forecast's behaviour and intervals, and metrics.
 *
 * @example
 * ```ts
 * import { series, seasonalNaive, mase, maseScale } from '@strata/timeseries';
 * const air = series('AirPassengers', values, { period: 12 });
 * const f = seasonalNaive(air, { h: 24 }); // f.mean, f.intervals[0].lower (80%), ...
 * ```
 *
 * @packageDocumentation
 */
export * from './errors.js';
export { series, type Series } from './series/series.js';
export type { Forecast, ForecastOptions, Interval } from './models/forecast.js';
export { naive, seasonalNaive, drift, meanForecast } from './models/baselines.js';
export {
  coverage,
  mae,
  mape,
  mase,
  maseScale,
  msis,
  pinball,
  rmse,
  rmsse,
  smape,
} from './metrics/metrics.js';
export { normalQuantile } from './stats/normal.js';
export { studentTCdf, studentTQuantile } from './stats/student-t.js';
export { theta, seasonalityTest } from './models/theta.js';
export { acf, classicalDecomposition, sesFit, type SesFit } from './models/smoothing.js';
export { nelderMead, type Minimum, type NelderMeadOptions } from './stats/nelder-mead.js';
export { advance, defaultPeriod, frequencyName, inferFrequency, type Frequency } from './series/frequency.js';
export {
  seriesFromRows,
  type LongRow,
  type SeriesFromRowsOptions,
  type SeriesSet,
} from './series/long-format.js';
export { readLongCsv, type LongCsvOptions } from './series/long-csv.js';
export {
  backtest,
  conformal,
  type BacktestMetrics,
  type BacktestOptions,
  type BacktestWindow,
  type Forecaster,
} from './evaluation/backtest.js';
export { readLongArrow } from './series/long-arrow.js';
export {
  ets,
  etsCandidates,
  selectEts,
  type EtsCandidate,
  type EtsModelOptions,
  type EtsOptions,
  type EtsSelection,
} from './models/ets/ets.js';
export { fitEts, type EtsFit } from './models/ets/ets-fit.js';
export type { EtsParameters, EtsSpec, EtsState } from './models/ets/ets-model.js';
