/** A prediction interval at one level. */
export interface Interval {
  /** Coverage in percent, e.g. 80 or 95. */
  readonly level: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Forecasts of one series: the point forecasts, their intervals, and what the model was. */
export interface Forecast {
  /** The model as R's forecast package names it, e.g. `naive`, `ETS(M,Ad,M)`, `ARIMA(1,1,0)(0,1,0)[12]`. */
  readonly model: string;
  /** Point forecasts for h = 1..H. */
  readonly mean: Float64Array;
  readonly intervals: readonly Interval[];
  /** In-sample one-step fitted values (NaN where there are none). */
  readonly fitted: Float64Array;
  /** Innovation variance estimate of the model. */
  readonly sigma2: number;
  /**
   * The AICc of the fitted model, for models fitted by likelihood (ETS, ARIMA); absent when the
   * series was rescaled (see `scaleExponent`).
   */
  readonly aicc?: number;
  /**
   * Set when the series' magnitude (past about 1e±100) called for rescaling: its values were divided
   * by 2^scaleExponent before fitting. Forecasts, intervals, fitted values and `sigma2` are in the
   * series' own units; fitting internals (an ETS or ARIMA `selection`) are in the scaled ones.
   */
  readonly scaleExponent?: number;
}

/** Options every forecaster takes. */
export interface ForecastOptions {
  /** Horizon: the number of steps to forecast. */
  readonly h: number;
  /** Interval levels in percent. @defaultValue `[80, 95]` */
  readonly levels?: readonly number[];
  /**
   * Stops the work (`ABORTED`), checked inside the optimisers' loops. On a worker thread a signal
   * cannot fire during synchronous work: give a `deadline`, or see `ForecastPool`.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * When the work must end, in ms since 1970 UTC: past it, the forecaster stops inside its loops with
   * `DEADLINE_EXCEEDED`. @defaultValue none
   */
  readonly deadline?: number | undefined;
}
