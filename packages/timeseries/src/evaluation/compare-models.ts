import { isStrataError, throwIfAborted } from '@strata/core';
import type { Series } from '../series/series.js';
import { backtest, type AsyncForecaster, type BacktestMetrics } from './backtest.js';
import { planBacktest, type BacktestPlan } from './backtest-windows.js';
import { withLimits } from './limits.js';

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /** Steps forecast from each origin; shortened when `windows` is left out and not one window fits. */
  readonly h: number;
  /** Forecast origins. @defaultValue as many as fit, up to 3 (see {@link planBacktest}) */
  readonly windows?: number;
  /** Steps between origins. @defaultValue the horizon */
  readonly step?: number;
  /** Interval levels in percent. @defaultValue `[80, 95]` */
  readonly levels?: readonly number[];
  /**
   * Cancels the comparison: every model's forecasts get it beside their own. A model that ends with
   * `ABORTED` or `DEADLINE_EXCEEDED` cancels the others too. @defaultValue none
   */
  readonly signal?: AbortSignal;
}

/** One model's backtest in a {@link ModelComparison}: its metrics, or why it has none. */
export interface ModelBacktest {
  readonly model: string;
  readonly metrics: BacktestMetrics | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Several models backtested on one series over the same windows, and the best of them. */
export interface ModelComparison {
  readonly id: string;
  /** The windows every model ran on; null when the series is too short for any. */
  readonly plan: BacktestPlan | null;
  /** The model with the lowest finite MASE; null when none has one. */
  readonly best: string | null;
  /** One entry per model, in the order asked. */
  readonly models: readonly ModelBacktest[];
}

/** Whether an error ends the whole comparison (past a deadline, or cancelled): its caller says which limit. */
const endsAll = (err: unknown) => isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED');

const problemOf = (err: unknown, fallback: string) => {
  if (endsAll(err) || !(err instanceof Error)) throw err;
  const code = isStrataError(err) ? err.code : fallback;
  return { code, message: err.message };
};

/**
 * Backtests several models on one series over the same rolling-origin windows (planned once by
 * {@link planBacktest}, so every model is scored on the same data) and names the best by MASE. A
 * model that cannot be backtested gets its error and the others go on; a series too short for any
 * window gives that error to every model. `ABORTED` and `DEADLINE_EXCEEDED` end the comparison: the
 * other models' forecasts are cancelled with it, so none goes on running for no one.
 *
 * @example
 * ```ts
 * const c = await compareModels(air, ['snaive', 'theta'], (m) => async (s, o) => FORECASTERS[m](s, o), { h: 12 });
 * c.best; // 'theta'
 * ```
 */
export async function compareModels(
  s: Series,
  models: readonly string[],
  forecasterOf: (model: string) => AsyncForecaster,
  options: CompareModelsOptions,
): Promise<ModelComparison> {
  throwIfAborted(options.signal);
  let plan: BacktestPlan;
  try {
    plan = planBacktest({ id: s.id, length: s.values.length, period: s.period }, options);
  } catch (err) {
    const error = problemOf(err, 'BACKTEST_FAILED');
    return {
      id: s.id,
      plan: null,
      best: null,
      models: models.map((model) => ({ model, metrics: null, error })),
    };
  }
  const run = {
    h: plan.h,
    windows: plan.windows,
    step: plan.step,
    ...(options.levels ? { levels: options.levels } : {}),
  };
  // One model's end of the comparison cancels the others' forecasts (and the caller's cancel, all).
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const results = await Promise.all(
    models.map(async (model): Promise<ModelBacktest> => {
      try {
        const { metrics } = await backtest(s, withLimits(forecasterOf(model), { signal }), run);
        return { model, metrics, error: null };
      } catch (err) {
        if (endsAll(err)) stop.abort(err);
        return { model, metrics: null, error: problemOf(err, 'BACKTEST_FAILED') };
      }
    }),
  );
  const scored = results.filter((r) => r.metrics && Number.isFinite(r.metrics.mase));
  const best = scored.sort((a, b) => a.metrics!.mase - b.metrics!.mase)[0]?.model ?? null;
  return { id: s.id, plan, best, models: results };
}

/** One model's mean metrics over the series it was backtested on (see {@link summariseBacktests}). */
export interface ModelSummary {
  readonly model: string;
  /** Series it has metrics for. */
  readonly series: number;
  /** Mean MASE over those with a finite one; null when none has. */
  readonly mase: number | null;
  readonly smape: number | null;
}

const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const finiteOnly = (xs: readonly (number | null)[]) =>
  xs.filter((x): x is number => x !== null && Number.isFinite(x));

/**
 * Each model's mean MASE and sMAPE over many series' backtests: `scored` holds one entry per series
 * and model with metrics (a metric that is not finite as null or NaN), whether from
 * {@link compareModels} or rows read back from a file.
 *
 * @example
 * ```ts
 * summariseBacktests(['theta'], [{ model: 'theta', mase: 0.8, smape: 4 }, { model: 'theta', mase: null, smape: 6 }]);
 * // [{ model: 'theta', series: 2, mase: 0.8, smape: 5 }]
 * ```
 */
export function summariseBacktests(
  models: readonly string[],
  scored: Iterable<{ readonly model: string; readonly mase: number | null; readonly smape: number | null }>,
): ModelSummary[] {
  const all = [...scored];
  return models.map((model) => {
    const mine = all.filter((s) => s.model === model);
    return {
      model,
      series: mine.length,
      mase: meanOf(finiteOnly(mine.map((s) => s.mase))),
      smape: meanOf(finiteOnly(mine.map((s) => s.smape))),
    };
  });
}
