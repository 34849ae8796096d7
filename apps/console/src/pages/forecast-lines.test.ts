import { describe, expect, it } from 'vitest';
import { PALETTE } from '../components/chart-colours';
import { forecastLabel, forecastLines, type Outcome } from './forecast-lines';

const series = { id: 'air', timestamps: null, values: [1, 2, 3, 4] };
const forecast = (model: string) => ({
  id: 'air',
  model,
  mean: [5, 6],
  timestamps: null,
  intervals: [{ level: 80, lower: [4, 5], upper: [6, 7] }],
  error: null,
});
const ok = (model: string): Outcome => ({ model, forecast: forecast(model), error: null });
const failed = (model: string): Outcome => ({ model, forecast: null, error: 'too short' });

/** Each forecast line's colour by its model (the first line is the history). */
const colours = (outcomes: Outcome[]) =>
  Object.fromEntries(
    forecastLines(series, outcomes)
      .lines.slice(1)
      .map((l): [string, string] => [l.key!, l.colour]),
  );

describe('the forecast chart’s lines', () => {
  it('keep each model’s colour, its place among the models asked, when a model before it fails', () => {
    const all = colours([ok('ets'), ok('arima'), ok('theta')]);
    expect(all).toEqual({ ets: PALETTE[0], arima: PALETTE[1], theta: PALETTE[2] });
    expect(colours([failed('ets'), ok('arima'), ok('theta')])).toEqual({
      arima: all.arima,
      theta: all.theta,
    });
  });

  it('join each forecast to the history, its bands under its line', () => {
    const { x, time, lines, bands } = forecastLines(series, [failed('ets'), ok('theta')]);
    expect(time).toBe(false);
    expect(x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.map((l) => l.values)).toEqual([
      [1, 2, 3, 4, null, null],
      [null, null, null, 4, 5, 6],
    ]);
    expect(bands).toMatchObject([
      { label: 'theta 80%', line: 'theta', lower: [null, null, null, null, 4, 5] },
    ]);
  });

  it('label a forecast with the model it fitted where that says more', () => {
    expect(forecastLabel('auto', 'ETS(M,Ad,M)')).toBe('auto: ETS(M,Ad,M)');
    expect(forecastLabel('theta', 'theta')).toBe('theta');
  });
});
