import type { BacktestResponse } from '@strata/timeseries-api';

/** A model's metrics, means over the backtest's windows (null where undefined). */
export type BacktestMetrics = NonNullable<BacktestResponse['results'][number]['models'][number]['metrics']>;

/**
 * A backtest of one series as the console shows it, the same whether it came from `POST /v1/backtest`
 * or from a backtest job's result rows: its windows, each model's metrics or error, the best model,
 * and what the server changed to fit the series.
 */
export interface SeriesBacktest {
  readonly id: string;
  readonly h: number | null;
  readonly windows: number | null;
  readonly best: string | null;
  readonly models: readonly {
    readonly model: string;
    readonly metrics: BacktestMetrics | null;
    readonly error: string | null;
  }[];
  readonly notes: readonly string[];
}

/** The first series' backtest of an answer of `POST /v1/backtest`. */
export function fromResponse(r: BacktestResponse): SeriesBacktest | null {
  const s = r.results[0];
  if (!s) return null;
  return {
    id: s.id,
    h: s.h,
    windows: s.windows,
    best: s.best,
    models: s.models.map((m) => ({
      model: m.model,
      metrics: m.metrics,
      error: m.error ? m.error.message : null,
    })),
    notes: r.warnings,
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);

/**
 * The first series' backtest from a backtest job's result rows (one per series and model: id, model,
 * h, windows, best, mase, smape, mae, rmse, msis, coverage_<level>, error as `CODE: message`).
 */
export function fromRows(
  rows: readonly Record<string, unknown>[],
  notes: readonly string[],
): SeriesBacktest | null {
  const first = rows[0];
  if (!first) return null;
  const mine = rows.filter((r) => r.id === first.id);
  return {
    id: String(first.id),
    h: num(first.h),
    windows: num(first.windows),
    best: (mine.find((r) => r.best === true)?.model as string | undefined) ?? null,
    models: mine.map((r) => {
      const error = typeof r.error === 'string' ? r.error.replace(/^[A-Z_]+: /, '') : null;
      const coverage = Object.fromEntries(
        Object.entries(r).flatMap(([k, v]) => (k.startsWith('coverage_') ? [[k.slice(9), num(v)]] : [])),
      );
      const metrics = error
        ? null
        : {
            mase: num(r.mase),
            smape: num(r.smape),
            mae: num(r.mae),
            rmse: num(r.rmse),
            msis: num(r.msis),
            coverage,
          };
      return { model: String(r.model), metrics, error };
    }),
    notes,
  };
}
