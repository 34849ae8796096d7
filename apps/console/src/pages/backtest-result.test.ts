import { describe, expect, it } from 'vitest';
import { fromResponse, fromRows } from './backtest-result';

const metrics = { mase: 0.9, smape: 4.5, mae: 10, rmse: 12, msis: 5, coverage: { '80': 0.8, '95': 1 } };

describe('a backtest as the console shows it', () => {
  it('is the same from the backtest route and from a backtest job’s rows', () => {
    const direct = fromResponse({
      h: 24,
      windows: 3,
      results: [
        {
          id: 'USAccDeaths',
          h: 24,
          windows: 2,
          best: 'ets',
          models: [
            { model: 'ets', metrics, error: null },
            { model: 'arima', metrics: null, error: { code: 'SERIES_TOO_SHORT', message: 'too short' } },
          ],
        },
      ],
      summary: [],
      warnings: ['2 windows fit'],
    });
    const rows = [
      {
        id: 'USAccDeaths',
        model: 'ets',
        h: 24,
        windows: 2,
        best: true,
        mase: 0.9,
        smape: 4.5,
        mae: 10,
        rmse: 12,
        msis: 5,
        coverage_80: 0.8,
        coverage_95: 1,
        error: null,
      },
      {
        id: 'USAccDeaths',
        model: 'arima',
        h: 24,
        windows: 2,
        best: false,
        mase: null,
        smape: null,
        mae: null,
        rmse: null,
        msis: null,
        coverage_80: null,
        coverage_95: null,
        error: 'SERIES_TOO_SHORT: too short',
      },
    ];
    expect(fromRows(rows, ['2 windows fit'])).toEqual(direct);
  });

  it('is nothing without a series', () => {
    expect(fromRows([], [])).toBeNull();
    expect(fromResponse({ h: 1, windows: 3, results: [], summary: [], warnings: [] })).toBeNull();
  });
});
