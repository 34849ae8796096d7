// Example requests for the OpenAPI document: each succeeds as it stands (Swagger UI's "Try it out"
// sends it), with real data: the first three years of R's AirPassengers (monthly airline passengers,
// thousands, 1949-1951).
import type { BacktestJobRequestBody, BacktestRequestBody, ForecastRequestBody } from './schemas.js';

const AIR_PASSENGERS = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
  133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
];

/** `POST /v1/forecast`: one series as an array with its start and frequency, so forecasts get times. */
export const FORECAST_EXAMPLE: ForecastRequestBody = {
  series: [{ id: 'AirPassengers', start: '1949-01-01', frequency: 'month', values: AIR_PASSENGERS }],
  h: 12,
  model: 'ets',
  levels: [80, 95],
};

/** `POST /v1/backtest`: two models over two windows of six months. */
export const BACKTEST_EXAMPLE: BacktestRequestBody = {
  series: [{ id: 'AirPassengers', start: '1949-01-01', frequency: 'month', values: AIR_PASSENGERS }],
  h: 6,
  windows: 2,
  models: ['snaive', 'ets'],
};

/** `POST /v1/backtest-jobs`: the same backtest as a job, named. */
export const BACKTEST_JOB_EXAMPLE: BacktestJobRequestBody = {
  ...BACKTEST_EXAMPLE,
  name: 'AirPassengers backtest',
};

const month = (i: number) => new Date(Date.UTC(1949, i, 1)).toISOString().slice(0, 10);

/** `POST /v1/forecast-jobs` as JSON: long-format rows. */
export const FORECAST_JOB_EXAMPLE = {
  data: AIR_PASSENGERS.map((value, i) => ({ id: 'AirPassengers', timestamp: month(i), value })),
  h: 12,
  model: 'ets',
};

/** `POST /v1/forecast-jobs` as a file: the same rows as long-format CSV (h and model in the query). */
export const FORECAST_JOB_CSV = `id,timestamp,value\n${AIR_PASSENGERS.map((v, i) => `AirPassengers,${month(i)},${v}`).join('\n')}\n`;
