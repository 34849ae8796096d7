import { describe, expect, it } from 'vitest';
import { resultOfRows, type SeriesResult } from './backtest-result';

const metrics = { mase: 0.9, smape: 4.5, mae: 10, rmse: 12, msis: null, coverage: { '80': 0.8, '95': 1 } };

describe('a backtest job’s rows as the console shows them', () => {
  it('are the backtest route’s result for the series, errors with their codes', () => {
    const route: SeriesResult = {
      id: 'USAccDeaths',
      h: 24,
      windows: 2,
      best: 'ets',
      models: [
        { model: 'ets', metrics, error: null },
        {
          model: 'arima',
          metrics: null,
          error: { code: 'SERIES_TOO_SHORT', message: 'series "USAccDeaths": too short: 2 windows: fit' },
        },
      ],
    };
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
        msis: null,
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
        error: 'SERIES_TOO_SHORT: series "USAccDeaths": too short: 2 windows: fit',
      },
      { id: 'another', model: 'ets', h: 24, windows: 3, best: true, mase: 1, error: null },
    ];
    expect(resultOfRows(rows)).toEqual(route);
  });

  it('are nothing without a series', () => {
    expect(resultOfRows([])).toBeNull();
  });
});
