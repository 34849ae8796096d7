import type { BacktestResponse } from '@strata/timeseries-api';

/**
 * A backtest of one series as `POST /v1/backtest` answers it: its windows, each model's metrics (null
 * where not finite) or error, and the best model. The one shape the console shows, whether the
 * backtest ran within the request or as a job (whose rows {@link resultOfRows} reads into it).
 */
export type SeriesResult = BacktestResponse['results'][number];

const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** A row's `CODE: message` error as the route gives it. */
function problemOf(error: string): { code: string; message: string } {
  const m = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(error);
  return m ? { code: m[1]!, message: m[2]! } : { code: 'BACKTEST_FAILED', message: error };
}

/**
 * The first series' backtest from a backtest job's result rows (one per series and model: id, model,
 * h, windows, best, mase, smape, mae, rmse, msis, coverage_<level>, error as `CODE: message`), as the
 * backtest route would have answered it. Metrics come as the job wrote them (null where not finite).
 */
export function resultOfRows(rows: readonly Record<string, unknown>[]): SeriesResult | null {
  const first = rows[0];
  if (!first) return null;
  const mine = rows.filter((r) => r.id === first.id);
  return {
    id: String(first.id),
    h: num(first.h),
    windows: num(first.windows),
    best: (mine.find((r) => r.best === true)?.model as string | undefined) ?? null,
    models: mine.map((r) => {
      const error = typeof r.error === 'string' ? problemOf(r.error) : null;
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
  };
}
