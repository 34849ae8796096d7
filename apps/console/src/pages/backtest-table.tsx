import type { SeriesResult } from './backtest-result';
import './backtest.css';

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Models compared by rolling-origin backtest: MASE, sMAPE, MAE, RMSE and the coverage of each
 * interval level, the best starred; above them the windows the series had and the server's `notes`
 * (what it changed to fit the series, what it interpolated). The table scrolls on its own on a narrow
 * screen.
 */
export function BacktestTable({ backtest, notes }: { backtest: SeriesResult; notes: readonly string[] }) {
  const levels = Object.keys(backtest.models.find((m) => m.metrics)?.metrics?.coverage ?? {});
  return (
    <div class="backtest">
      <h2>
        Backtest
        {backtest.windows !== null && backtest.h !== null
          ? `: ${plural(backtest.windows, 'window')} of ${plural(backtest.h, 'step')}`
          : ''}
      </h2>
      {notes.map((n) => (
        <p key={n} class="hint" data-testid="backtest-note">
          {n}
        </p>
      ))}
      <div class="table-scroll">
        <table data-testid="backtest-table">
          <thead>
            <tr>
              <th>model</th>
              <th title="mean absolute scaled error: below 1 beats the in-sample seasonal naive">MASE</th>
              <th title="symmetric mean absolute percentage error">sMAPE</th>
              <th>MAE</th>
              <th>RMSE</th>
              {levels.map((l) => (
                <th key={l} title={`share of actual values inside the ${l}% interval`}>
                  {l}% coverage
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {backtest.models.map((m) => (
              <tr key={m.model} class={m.model === backtest.best ? 'best' : ''}>
                <td>
                  {m.model}
                  {m.model === backtest.best ? ' ★' : ''}
                </td>
                {m.metrics ? (
                  <>
                    <td>{fmt(m.metrics.mase)}</td>
                    <td>{fmt(m.metrics.smape, 2)}</td>
                    <td>{fmt(m.metrics.mae)}</td>
                    <td>{fmt(m.metrics.rmse)}</td>
                    {levels.map((l) => (
                      <td key={l}>{fmt(m.metrics!.coverage[l], 2)}</td>
                    ))}
                  </>
                ) : (
                  <td colSpan={4 + levels.length} class="error">
                    {m.error?.message}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
