import type { ForecastOptions } from '../models/forecast.js';
import type { AsyncForecaster } from './backtest.js';

/** When work must stop: a signal that cancels it, and a time it must be done by. */
export interface Limits {
  readonly signal?: AbortSignal | undefined;
  /** ms since 1970 UTC. */
  readonly deadline?: number | undefined;
}

/**
 * Both sets of limits at once: a signal that fires when either fires, and the earlier deadline. Work
 * under two owners (a request and one of its models, a job and one of its comparisons) must stop when
 * either says so, so neither may replace the other's limit. The signal is a new one even where only
 * one is given: each call listens to its own, so the many forecasts of a comparison running at once
 * add no listeners to one shared signal (`AbortSignal.any` follows its sources without any).
 */
function bothLimits(a: Limits, b: Limits): Limits {
  const signals = [a.signal, b.signal].filter((s): s is AbortSignal => s !== undefined);
  const deadlines = [a.deadline, b.deadline].filter((d): d is number => d !== undefined);
  return {
    ...(signals.length ? { signal: AbortSignal.any(signals) } : {}),
    ...(deadlines.length ? { deadline: Math.min(...deadlines) } : {}),
  };
}

/**
 * A forecaster whose every call also keeps `limits`: the call's own signal and deadline still hold
 * (see {@link bothLimits}).
 *
 * @example
 * ```ts
 * const bounded = withLimits(model.forecaster, { signal: job.signal });
 * await backtest(air, bounded, { h: 12 }); // stops when the job is cancelled
 * ```
 */
export function withLimits(forecaster: AsyncForecaster, limits: Limits): AsyncForecaster {
  if (limits.signal === undefined && limits.deadline === undefined) return forecaster;
  return (s, o: ForecastOptions) => forecaster(s, { ...o, ...bothLimits(o, limits) });
}
