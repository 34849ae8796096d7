import { describe, expect, it } from 'vitest';
import { backtestRunsAsJob } from './backtest-size';

const ALL = ['auto', 'ets', 'arima', 'theta', 'snaive', 'naive', 'drift', 'mean', 'timeseries-mlp'];
const DEFAULT = ['ets', 'arima', 'theta', 'snaive'];

describe('which backtests run as jobs', () => {
  it('runs a search over a long series, or every model, as a job', () => {
    expect(backtestRunsAsJob(ALL, 240)).toBe(true); // nottem with all nine models
    expect(backtestRunsAsJob(DEFAULT, 468)).toBe(true); // co2
    expect(backtestRunsAsJob(['auto'], 144)).toBe(true);
  });

  it('waits for small ones in the request', () => {
    expect(backtestRunsAsJob(DEFAULT, 144)).toBe(false); // AirPassengers
    expect(backtestRunsAsJob(DEFAULT, 72)).toBe(false); // USAccDeaths
    expect(backtestRunsAsJob(['snaive', 'theta', 'naive', 'timeseries-mlp'], 10_000)).toBe(false);
  });
});
