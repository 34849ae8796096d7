import { typedColumnsToTable } from '@strata/core';
import type { Json } from '@strata/jobs';
import { finiteMetrics, type FiniteMetrics } from '../evaluation/backtest.js';
import type { ModelComparison } from '../evaluation/compare-models.js';

/**
 * One model's backtest on one series, as a row of a backtest job's results: the windows it ran on,
 * whether it was the series' best, its metrics (null where not finite) and coverage by level, or
 * its error as `CODE: message`.
 */
export interface BacktestRow {
  [key: string]: Json | undefined;
  readonly id: string;
  readonly model: string;
  readonly h: number | null;
  readonly windows: number | null;
  readonly best: boolean;
  readonly mase: number | null;
  readonly smape: number | null;
  readonly mae: number | null;
  readonly rmse: number | null;
  readonly msis: number | null;
  /** Share of actuals inside each interval, by level. */
  readonly coverage: { readonly [level: string]: number | null };
  readonly error: string | null;
}

/** The metrics of a model without any. */
const NONE: FiniteMetrics = { mase: null, smape: null, mae: null, rmse: null, msis: null, coverage: {} };

/** The rows of one series' comparison, one per model in the order asked. */
export function comparisonRows(c: ModelComparison): BacktestRow[] {
  return c.models.map((m) => {
    const { mase, smape, mae, rmse, msis, coverage } = m.metrics ? finiteMetrics(m.metrics) : NONE;
    return {
      id: c.id,
      model: m.model,
      h: c.plan?.h ?? null,
      windows: c.plan?.windows ?? null,
      best: m.model === c.best,
      mase,
      smape,
      mae,
      rmse,
      msis,
      coverage: { ...coverage },
      error: m.error ? `${m.error.code}: ${m.error.message}` : null,
    };
  });
}

/**
 * Backtest rows as an Arrow table: id, model, h, windows, best, mase, smape, mae, rmse, msis,
 * coverage_<level> for each level, error.
 */
export function backtestTable(
  rows: readonly BacktestRow[],
  levels: readonly number[],
): ReturnType<typeof typedColumnsToTable> {
  const column = <K extends keyof BacktestRow>(k: K) => rows.map((r) => r[k]);
  const float = (values: readonly unknown[]) => ({ type: 'float' as const, values });
  return typedColumnsToTable({
    id: { type: 'string', values: column('id') },
    model: { type: 'string', values: column('model') },
    h: { type: 'int', values: column('h') },
    windows: { type: 'int', values: column('windows') },
    best: { type: 'bool', values: column('best') },
    mase: float(column('mase')),
    smape: float(column('smape')),
    mae: float(column('mae')),
    rmse: float(column('rmse')),
    msis: float(column('msis')),
    ...Object.fromEntries(
      levels.map((l) => [`coverage_${l}`, float(rows.map((r) => r.coverage[String(l)] ?? null))]),
    ),
    error: { type: 'string', values: column('error') },
  });
}
