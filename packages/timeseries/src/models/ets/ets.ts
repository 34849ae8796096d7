import { InvalidArgumentError, isStrataError } from '@strata/core';
import type { Series } from '../../series/series.js';
import type { Forecast, ForecastOptions } from '../forecast.js';
import { guarded } from '../guarded.js';
import { checkValues, gaussianIntervals, horizon } from '../inputs.js';
import { checkStop } from '../../stats/stop-check.js';
import { fitEts, type EtsFit } from './ets-fit.js';
import { etsMoments } from './ets-intervals.js';
import { etsName, type EtsSpec } from './ets-model.js';

/** Which ETS models to consider and how to choose among them. */
export interface EtsModelOptions {
  /**
   * The model as three letters, error/trend/season, each a component or `Z` to select it, e.g. `ZZZ`
   * (the default), `MAM`, `ANN`, `AZN`. Error A/M, trend N/A, season N/A/M.
   */
  readonly model?: string;
  /** Damped trend: true, false, or undefined to try both. */
  readonly damped?: boolean;
  /** The information criterion that selects the model. @defaultValue `'aicc'` */
  readonly ic?: 'aicc' | 'aic' | 'bic';
}

/** Options of {@link ets}: the horizon and levels, and the models to consider. */
export interface EtsOptions extends ForecastOptions, EtsModelOptions {}

/** A candidate's score in the selection, for reporting why a model won. */
export interface EtsCandidate {
  readonly model: string;
  /** The criterion's value; Infinity when the model could not be fitted. */
  readonly ic: number;
}

/** The selected fit and every candidate tried. */
export interface EtsSelection {
  readonly fit: EtsFit;
  readonly candidates: readonly EtsCandidate[];
}

function parseModel(model: string): [string[], string[], string[]] {
  const code = model.toUpperCase();
  if (!/^[AMZ][NAZ][NAMZ]$/.test(code))
    throw new InvalidArgumentError(
      'model',
      `an ETS model is three letters error/trend/season from A, M, N or Z (e.g. ZZZ, MAM), got "${model}"`,
      { value: model },
    );
  const pick = (c: string, all: string[]) => (c === 'Z' ? all : [c]);
  return [pick(code[0]!, ['A', 'M']), pick(code[1]!, ['N', 'A']), pick(code[2]!, ['N', 'A', 'M'])];
}

/**
 * The candidate models for a series, in forecast's order, with its restrictions: no additive error
 * with a multiplicative season, no damping without a trend, no multiplicative error on data with
 * values ≤ 0, no season when m = 1, m > 24 or there is no more than one season of data.
 */
export function etsCandidates(
  y: ArrayLike<number>,
  period: number,
  options: EtsModelOptions = {},
): EtsSpec[] {
  const [errors, trends, seasons] = parseModel(options.model ?? 'ZZZ');
  let positive = true;
  for (let i = 0; i < y.length; i++) if (!(y[i]! > 0)) positive = false;
  const seasonal = period > 1 && period <= 24 && y.length > period;
  const dampings = options.damped === undefined ? [true, false] : [options.damped];
  const out: EtsSpec[] = [];
  for (const error of errors as ('A' | 'M')[])
    for (const trend of trends as ('N' | 'A')[])
      for (const season of seasonal ? (seasons as ('N' | 'A' | 'M')[]) : ['N' as const])
        for (const damped of dampings) {
          if (trend === 'N' && damped) continue;
          if (error === 'A' && season === 'M') continue;
          if (error === 'M' && !positive) continue;
          out.push({ error, trend, damped, season });
        }
  return out;
}

/**
 * Fits every candidate and keeps the one with the lowest information criterion, as `forecast::ets`.
 * Throws `INVALID_ARGUMENT` when no candidate can be fitted (too few values for any of them).
 */
export function selectEts(s: Series, options: EtsModelOptions = {}): EtsSelection {
  const ic = options.ic ?? 'aicc';
  const candidates: EtsCandidate[] = [];
  let best: EtsFit | null = null;
  for (const spec of etsCandidates(s.values, s.period, options)) {
    checkStop();
    let fit: EtsFit | null;
    try {
      fit = fitEts(s.values, spec, s.period);
    } catch (err) {
      if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
      fit = null;
    }
    const value = fit ? fit[ic] : Infinity;
    candidates.push({ model: etsName(spec), ic: value });
    if (fit && Number.isFinite(value) && (!best || value < best[ic])) best = fit;
  }
  if (!best)
    throw new InvalidArgumentError(
      'model',
      `no ETS model in ${options.model ?? 'ZZZ'} can be fitted to series "${s.id}" of ${s.values.length} values`,
    );
  return { fit: best, candidates };
}

/**
 * Exponential smoothing state space forecasts as R's `forecast::ets` then `forecast()` make them:
 * the model selected by AICc over the default space (or the one named), fitted by maximum likelihood,
 * with the analytic prediction intervals of its class. A constant series gets the constant with no
 * spread. Throws `SERIES_MISSING_VALUE` for gaps and `SERIES_TOO_SHORT` below 3 values.
 *
 * @example
 * ```ts
 * const f = ets(series('AirPassengers', values, { period: 12 }), { h: 24 });
 * f.model; // 'ETS(M,Ad,M)'
 * ```
 */
export function ets(s: Series, options: EtsOptions): Forecast & { readonly selection?: EtsSelection } {
  return guarded(s, options, (x) => etsOf(x, options));
}

function etsOf(s: Series, options: EtsOptions): Forecast & { readonly selection?: EtsSelection } {
  const { h, levels } = horizon(options);
  checkValues(s, 3, 'ETS');
  const y = s.values;
  if (y.every((v) => v === y[0])) return constantForecast(y, h, levels);
  const selection = selectEts(s, options);
  const { fit } = selection;
  const { mean, variance } = etsMoments(fit.spec, fit.parameters, fit.final, fit.sigma2, h);
  const se = variance.map(Math.sqrt);
  return {
    model: etsName(fit.spec),
    mean,
    intervals: gaussianIntervals(mean, se, levels),
    fitted: fit.fitted,
    sigma2: fit.sigma2,
    aicc: fit.aicc,
    selection,
  };
}

/** A constant series: forecast the constant, with zero-width intervals (forecast's `ses` with α ≈ 1). */
function constantForecast(y: Float64Array, h: number, levels: readonly number[]): Forecast {
  const mean = new Float64Array(h).fill(y[0]!);
  const zero = new Float64Array(h);
  return {
    model: 'ETS(A,N,N)',
    mean,
    intervals: gaussianIntervals(mean, zero, levels),
    fitted: new Float64Array(y.length).fill(y[0]!),
    sigma2: 0,
  };
}
