import type { BacktestResponse } from '@strata/timeseries-api';

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);

/** Models compared by rolling-origin backtest: MASE, sMAPE, MAE, RMSE and interval coverage; the best starred. */
export function BacktestTable({ backtest }: { backtest: BacktestResponse }) {
  const result = backtest.results[0];
  if (!result) return null;
  return (
    <div class="backtest">
      <h2>
        Backtest: {backtest.windows} origins, {backtest.h} steps ahead
      </h2>
      <table data-testid="backtest-table">
        <thead>
          <tr>
            <th>model</th>
            <th title="mean absolute scaled error: below 1 beats the in-sample seasonal naive">MASE</th>
            <th title="symmetric mean absolute percentage error">sMAPE</th>
            <th>MAE</th>
            <th>RMSE</th>
            <th>80% coverage</th>
            <th>95% coverage</th>
          </tr>
        </thead>
        <tbody>
          {result.models.map((m) => (
            <tr key={m.model} class={m.model === result.best ? 'best' : ''}>
              <td>
                {m.model}
                {m.model === result.best ? ' ★' : ''}
              </td>
              {m.metrics ? (
                <>
                  <td>{fmt(m.metrics.mase)}</td>
                  <td>{fmt(m.metrics.smape, 2)}</td>
                  <td>{fmt(m.metrics.mae)}</td>
                  <td>{fmt(m.metrics.rmse)}</td>
                  <td>{fmt(m.metrics.coverage['80'], 2)}</td>
                  <td>{fmt(m.metrics.coverage['95'], 2)}</td>
                </>
              ) : (
                <td colSpan={6} class="error">
                  {m.error?.message}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
