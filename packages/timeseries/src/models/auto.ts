import { backtest } from '../evaluation/backtest.js';
import type { Series } from '../series/series.js';
import { arima } from './arima/arima.js';
import { seasonalNaive } from './baselines.js';
import { ets } from './ets/ets.js';
import type { Forecast, ForecastOptions } from './forecast.js';
import { guarded } from './guarded.js';
import { horizon } from './inputs.js';
import { checkStop } from '../stats/stop-check.js';
import { isStrataError } from '@strata/core';
import { theta } from './theta.js';

const CANDIDATES = {
  ets: (s: Series, o: ForecastOptions) => ets(s, o),
  arima: (s: Series, o: ForecastOptions) => arima(s, o),
  theta,
  snaive: seasonalNaive,
} as const;

/** A model family `auto` can choose. */
export type AutoCandidate = keyof typeof CANDIDATES;

/** Options of {@link autoForecast}. */
export interface AutoOptions extends ForecastOptions {
  /** The families to compare. @defaultValue `['ets', 'arima', 'theta', 'snaive']` */
  readonly candidates?: readonly AutoCandidate[];
  /** Rolling-origin windows per family. @defaultValue `2` */
  readonly windows?: number;
}

/** Why `auto` chose what it chose. */
export interface AutoReport {
  /** The family chosen. */
  readonly chosen: AutoCandidate;
  /** Mean backtest MASE of each family that could be backtested. */
  readonly scores: Readonly<Partial<Record<AutoCandidate, number>>>;
  /** The reason in words, for logs and API responses. */
  readonly reason: string;
}

/**
 * Picks a model family per series by a rolling-origin backtest and forecasts with it: each candidate is
 * refitted at `windows` origins and scored by MASE on what followed; the lowest mean wins. Within a
 * family the model is chosen by AICc (ETS and ARIMA do that themselves); across families only
 * out-of-sample errors are comparable, since their likelihoods are not on one scale. A series too
 * short to backtest gets ETS.
 *
 * @example
 * ```ts
 * const f = autoForecast(series('sales', values, { period: 12 }), { h: 12 });
 * f.auto.reason; // 'lowest backtest MASE over 2 windows of 12: ets 0.61, arima 0.74, ...'
 * ```
 */
export function autoForecast(s: Series, options: AutoOptions): Forecast & { readonly auto: AutoReport } {
  return guarded(s, options, (x) => autoOf(x, options));
}

function autoOf(s: Series, options: AutoOptions): Forecast & { readonly auto: AutoReport } {
  const { h, levels } = horizon(options);
  const candidates = options.candidates ?? (Object.keys(CANDIDATES) as AutoCandidate[]);
  const windows = options.windows ?? 2;
  const n = s.values.length;
  // Test on the horizon asked for, shortened where the series cannot spare it.
  const testH = Math.min(h, Math.floor((n - Math.max(2 * s.period, 10)) / windows));
  const scores: Partial<Record<AutoCandidate, number>> = {};
  if (testH >= 1)
    for (const name of candidates) {
      checkStop();
      try {
        const { metrics } = backtest(s, CANDIDATES[name], { h: testH, windows, levels });
        if (Number.isFinite(metrics.mase)) scores[name] = metrics.mase;
      } catch (err) {
        if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
        // A family that cannot be fitted on the shorter windows is not a candidate for this series.
      }
    }
  const ranked = Object.entries(scores).sort((a, b) => a[1] - b[1]) as [AutoCandidate, number][];
  const chosen = ranked[0]?.[0] ?? 'ets';
  const reason = ranked.length
    ? `lowest backtest MASE over ${windows} windows of ${testH}: ${ranked.map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`
    : `too short to backtest (${n} values): ets by default`;
  const f = CANDIDATES[chosen](s, { h, levels });
  return { ...f, auto: { chosen, scores, reason } };
}
