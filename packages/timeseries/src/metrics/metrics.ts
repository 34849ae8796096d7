import { InvalidArgumentError } from '@strata/core';
import type { Interval } from '../models/forecast.js';

/** The in-sample scale of MASE and MSIS: the mean absolute lag-m difference of the training data. */
export function maseScale(train: ArrayLike<number>, period: number): number {
  let s = 0;
  for (let t = period; t < train.length; t++) s += Math.abs(train[t]! - train[t - period]!);
  return s / (train.length - period);
}

function same(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  if (actual.length !== forecast.length || !actual.length)
    throw new InvalidArgumentError(
      'forecast',
      `${actual.length} actual values but ${forecast.length} forecasts`,
    );
  return actual.length;
}

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = same(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return s / n;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = same(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += (actual[i]! - forecast[i]!) ** 2;
  return Math.sqrt(s / n);
}

/** Mean absolute percentage error, in percent. */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = same(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs((actual[i]! - forecast[i]!) / actual[i]!);
  return (100 * s) / n;
}

/** Symmetric MAPE, in percent: mean of 200|y − f| / (|y| + |f|). */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = same(actual, forecast);
  let s = 0;
  for (let i = 0; i < n; i++)
    s += (200 * Math.abs(actual[i]! - forecast[i]!)) / (Math.abs(actual[i]!) + Math.abs(forecast[i]!));
  return s / n;
}

/** Mean absolute scaled error, scaled by the seasonal naive in-sample error (`maseScale`). */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  return mae(actual, forecast) / scale;
}

/** Root mean squared scaled error: RMSE over the root mean squared lag-m difference of the training data. */
export function rmsse(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  train: ArrayLike<number>,
  period: number,
): number {
  let s = 0;
  for (let t = period; t < train.length; t++) s += (train[t]! - train[t - period]!) ** 2;
  return rmse(actual, forecast) / Math.sqrt(s / (train.length - period));
}

/** Mean scaled interval score of one interval (Gneiting & Raftery 2007), scaled like MASE. */
export function msis(actual: ArrayLike<number>, interval: Interval, scale: number): number {
  const n = same(actual, interval.lower);
  const alpha = 1 - interval.level / 100;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const [y, l, u] = [actual[i]!, interval.lower[i]!, interval.upper[i]!];
    s += u - l + (y < l ? (2 / alpha) * (l - y) : 0) + (y > u ? (2 / alpha) * (y - u) : 0);
  }
  return s / n / scale;
}

/** The share of actual values inside an interval. */
export function coverage(actual: ArrayLike<number>, interval: Interval): number {
  const n = same(actual, interval.lower);
  let inside = 0;
  for (let i = 0; i < n; i++)
    if (actual[i]! >= interval.lower[i]! && actual[i]! <= interval.upper[i]!) inside++;
  return inside / n;
}

/** The pinball (quantile) loss of forecasts of quantile `q` in (0, 1). */
export function pinball(actual: ArrayLike<number>, quantile: ArrayLike<number>, q: number): number {
  const n = same(actual, quantile);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = actual[i]! - quantile[i]!;
    s += d >= 0 ? q * d : (q - 1) * d;
  }
  return s / n;
}
