import { InvalidArgumentError } from '@strata/core';
import { SeriesError } from '../errors.js';

/** Forecast origins of a backtest when the caller names none. */
export const DEFAULT_BACKTEST_WINDOWS = 3;

/**
 * The fewest values a backtest window trains on: one season and one more, so that a seasonal naive
 * forecast and a first difference exist at every origin.
 */
export function minTrainingLength(period: number): number {
  return Math.max(2, period + 1);
}

/** What {@link planBacktest} needs of a series. */
export interface BacktestSeriesShape {
  readonly id: string;
  /** Number of values. */
  readonly length: number;
  readonly period: number;
}

/** The windows a backtest runs: its horizon, origins and their spacing, and what was changed to fit. */
export interface BacktestPlan {
  readonly h: number;
  readonly windows: number;
  readonly step: number;
  /** Why fewer windows or a shorter horizon than asked; null when the backtest is as asked. */
  readonly note: string | null;
}

/** How many windows of `h` steps, `step` apart, fit in `n` values (0 when not one). */
function mostWindows(n: number, minTrain: number, h: number, step: number): number {
  return n - h < minTrain ? 0 : Math.floor((n - h - minTrain) / step) + 1;
}

/** The longest horizon with which `windows` windows fit (0 when none), `step` apart or, unset, h apart. */
function longestHorizon(n: number, minTrain: number, windows: number, step: number | undefined): number {
  const h = step === undefined ? Math.floor((n - minTrain) / windows) : n - minTrain - (windows - 1) * step;
  return Math.max(0, h);
}

function checkWhole(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1)
    throw new InvalidArgumentError(name, `${name} must be a whole number >= 1, got ${v}`, { value: v });
}

/**
 * Checks a backtest's `h`, `windows` and `step` before any series is planned: each a whole number
 * >= 1 where given. Throws `INVALID_ARGUMENT` naming the first that is not, and its value.
 */
export function checkBacktestOptions(options: {
  readonly h: number;
  readonly windows?: number | undefined;
  readonly step?: number | undefined;
}): void {
  checkWhole('h', options.h);
  if (options.windows !== undefined) checkWhole('windows', options.windows);
  if (options.step !== undefined) checkWhole('step', options.step);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The windows of a rolling-origin backtest of one series. With `windows` given, exactly those, or
 * `SERIES_TOO_SHORT` saying how many windows fit and the longest horizon that would. Without it, as
 * many windows as fit, up to {@link DEFAULT_BACKTEST_WINDOWS}; where not one window of `h` steps
 * fits, one window of the longest horizon that does; `note` says which. Every window trains on at
 * least {@link minTrainingLength} values. `step` defaults to the horizon.
 *
 * @example
 * ```ts
 * planBacktest({ id: 'USAccDeaths', length: 72, period: 12 }, { h: 24 });
 * // { h: 24, windows: 2, step: 24, note: 'series "USAccDeaths": 2 windows of 24 steps fit in its 72 values …' }
 * ```
 */
export function planBacktest(
  s: BacktestSeriesShape,
  options: { readonly h: number; readonly windows?: number; readonly step?: number },
): BacktestPlan {
  checkBacktestOptions(options);
  const { h, windows, step } = options;
  const n = s.length;
  const minTrain = minTrainingLength(s.period);
  const fit = mostWindows(n, minTrain, h, step ?? h);
  const trains = `each window trains on at least ${minTrain} values`;
  if (windows !== undefined) {
    if (fit >= windows) return { h, windows, step: step ?? h, note: null };
    const shorter = longestHorizon(n, minTrain, windows, step);
    const instead = [
      ...(fit > 0 ? [`${plural(fit, 'window')} of ${plural(h, 'step')} fit`] : []),
      ...(shorter > 0 ? [`${windows} windows of at most ${shorter} steps`] : []),
    ];
    throw new SeriesError(
      'SERIES_TOO_SHORT',
      `series "${s.id}" has ${n} values: too few for ${windows} windows of ${h} steps, ${step ?? h} apart ` +
        `(${trains})${instead.length ? `; ${instead.join(', or ')}` : ''}`,
      { context: { series: s.id } },
    );
  }
  if (fit > 0) {
    const count = Math.min(DEFAULT_BACKTEST_WINDOWS, fit);
    const note =
      count < DEFAULT_BACKTEST_WINDOWS
        ? `series "${s.id}": ${plural(count, 'window')} of ${plural(h, 'step')} fit in its ${n} values (${trains}), not ${DEFAULT_BACKTEST_WINDOWS}`
        : null;
    return { h, windows: count, step: step ?? h, note };
  }
  const shorter = longestHorizon(n, minTrain, 1, step);
  if (shorter < 1)
    throw new SeriesError(
      'SERIES_TOO_SHORT',
      `series "${s.id}" has ${n} values: too few to backtest (${trains} and forecasts at least 1)`,
      { context: { series: s.id } },
    );
  return {
    h: shorter,
    windows: 1,
    step: step ?? shorter,
    note: `series "${s.id}": not one window of ${plural(h, 'step')} fits in its ${n} values (${trains}), so 1 window of ${plural(shorter, 'step')}`,
  };
}

/**
 * A horizon to offer for a series: two seasons ahead (R forecast's default; 10 steps without
 * seasons), else one season, the first that leaves {@link DEFAULT_BACKTEST_WINDOWS} backtest windows
 * their training values (see {@link minTrainingLength}); else the longest horizon that does, and at
 * least 1.
 *
 * @example
 * ```ts
 * defaultHorizon({ length: 144, period: 12 }); // 24: AirPassengers
 * defaultHorizon({ length: 72, period: 12 }); // 12: USAccDeaths, too short for 3 windows of 24
 * ```
 */
export function defaultHorizon(s: { readonly length: number; readonly period: number }): number {
  const minTrain = minTrainingLength(s.period);
  const natural = s.period > 1 ? [2 * s.period, s.period] : [10];
  const windows = DEFAULT_BACKTEST_WINDOWS;
  const fits = natural.find((h) => s.length - windows * h >= minTrain);
  return fits ?? Math.max(1, Math.floor((s.length - minTrain) / windows));
}
