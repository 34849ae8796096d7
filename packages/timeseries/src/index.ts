/**
 * `@strata/timeseries`: series, forecasters with R forecast's behaviour and intervals, and metrics.
 *
 * @example
 * ```ts
 * import { series, ets, arima, mase, maseScale } from '@strata/timeseries';
 * const air = series('AirPassengers', values, { period: 12 });
 * const f = ets(air, { h: 24 }); // f.model 'ETS(M,Ad,M)', f.mean, f.intervals[0].lower (80%), ...
 * const g = arima(air, { h: 24 }); // g.model 'ARIMA(1,1,0)(0,1,0)[12]'
 * const score = mase(actual, f.mean, maseScale(air.values, 12));
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
  fillMissing,
  seriesFromRows,
  type LongRow,
  type SeriesFromRowsOptions,
  type SeriesSet,
} from './series/long-format.js';
export {
  readLongCsv,
  readLongCsvStream,
  type LongCsvOptions,
  type LongCsvStreamOptions,
} from './series/long-csv.js';
export {
  backtest,
  conformal,
  type AsyncForecaster,
  type BacktestMetrics,
  type BacktestOptions,
  type BacktestResult,
  type BacktestWindow,
  finiteMetrics,
  type FiniteMetrics,
  type Forecaster,
} from './evaluation/backtest.js';
export {
  DEFAULT_BACKTEST_WINDOWS,
  defaultHorizon,
  minTrainingLength,
  planBacktest,
  type BacktestPlan,
  type BacktestSeriesShape,
} from './evaluation/backtest-windows.js';
export { withLimits, type Limits } from './evaluation/limits.js';
export {
  compareModels,
  summariseBacktests,
  type CompareModelsOptions,
  type ModelBacktest,
  type ModelComparison,
  type ModelSummary,
} from './evaluation/compare-models.js';
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
export { arima, type ArimaOptions } from './models/arima/arima.js';
export {
  arimaName,
  autoArima,
  type ArimaCandidate,
  type ArimaSelection,
  type AutoArimaOptions,
} from './models/arima/auto-arima.js';
export { fitArima, type ArimaConstant, type ArimaFit, type ArimaMethod } from './models/arima/arima-fit.js';
export type { ArimaOrder } from './models/arima/arima-params.js';
export { autoForecast, type AutoCandidate, type AutoOptions, type AutoReport } from './models/auto.js';
export { FORECASTERS, isForecastMethod, type ForecastMethod } from './models/registry.js';
export { seasonalStrength, stl, type StlOptions, type StlResult } from './stats/stl.js';
export { kpssDifferences, kpssStatistic } from './stats/unit-root.js';
export { bfgs, numericHessian, type BfgsOptions, type BfgsResult } from './stats/bfgs.js';
export {
  FORECASTING_TASK,
  intervalLevels,
  windowedForecasterSpec,
  type SeasonalityMode,
  type WindowedForecasterSpec,
  type WindowScaling,
} from './neural/contract.js';
export {
  applySeasonal,
  contextWindow,
  fromModelSpace,
  modelTargets,
  prepareHistory,
  seasonalAdjustment,
  toModelSpace,
  windowScale,
  type ContextWindow,
  type PreparedHistory,
  type SeasonalAdjustment,
  type WindowScale,
} from './neural/windows.js';
export {
  NeuralForecaster,
  type ModelProvider,
  type NeuralForecastOptions,
  type NeuralForecasterOptions,
} from './neural/neural-forecaster.js';
