import { SeriesError } from '../errors.js';
import type { Series } from '../series/series.js';
import { runStoppable } from '../stats/stop-check.js';
import type { Forecast, ForecastOptions, Interval } from './forecast.js';

// Past these magnitudes, squares and sums of squares (variances, likelihoods, sums of squared errors)
// leave float64's range of about 1e±308; inside them every forecaster computes as R does.
const LARGE_EXPONENT = 332; // 2^332 ≈ 8.7e99
const SMALL_EXPONENT = -332;

/** x·2^e in two exact steps, since 2^e alone may be out of range (e up to ±1074). */
function ldexp(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/**
 * The power of two to divide a series by so that its largest magnitude falls in [0.5, 1): 0 (no
 * scaling) when that magnitude is within 2^±332, when the series is all zeros, or when a value is
 * missing (the forecaster reports it).
 */
export function scaleExponent(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (!Number.isFinite(a)) return 0;
    if (a > max) max = a;
  }
  if (max === 0) return 0;
  const e = Math.floor(Math.log2(max)) + 1;
  return e > LARGE_EXPONENT || e < SMALL_EXPONENT ? e : 0;
}

const scaleArray = (a: Float64Array, e: number) => a.map((v) => ldexp(v, e));

/** The series' forecasts in its own units again: a forecast of values divided by 2^e, times 2^e. */
function unscale<F extends Forecast>(f: F, e: number): F {
  const { aicc: _likelihoodOfScaledValues, ...rest } = f;
  return {
    ...rest,
    mean: scaleArray(f.mean, e),
    fitted: scaleArray(f.fitted, e),
    intervals: f.intervals.map((i): Interval => ({
      level: i.level,
      lower: scaleArray(i.lower, e),
      upper: scaleArray(i.upper, e),
    })),
    sigma2: ldexp(f.sigma2, 2 * e),
    scaleExponent: e,
  } as unknown as F;
}

const overflow = (s: Series, f: Forecast, what: string, step: number) =>
  new SeriesError(
    'SERIES_OVERFLOW',
    `the ${f.model} ${what} of series "${s.id}" at step ${step + 1} is beyond the range of float64 numbers (±1.8e308): the series' values are too large for this model to extrapolate`,
    { context: { series: s.id, at: step + 1 } },
  );

/**
 * Throws `SERIES_OVERFLOW` when a point forecast is not finite, or when an interval bound is infinite
 * in the series' units though it was finite in the scaled ones (an interval a model cannot give, such
 * as the mean's with one value, is infinite in both and stays).
 */
function checkRange(s: Series, f: Forecast, scaled: Forecast): void {
  const bad = f.mean.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw overflow(s, f, 'forecast', bad);
  f.intervals.forEach((interval, k) => {
    const before = scaled.intervals[k]!;
    for (const side of ['lower', 'upper'] as const) {
      const i = interval[side].findIndex((v, j) => !Number.isFinite(v) && Number.isFinite(before[side][j]!));
      if (i >= 0) throw overflow(s, f, `${interval.level}% interval`, i);
    }
  });
}

/** The series divided by 2^exponent (see {@link scaleExponent}): itself when the exponent is 0. */
export function rescaled(s: Series): { series: Series; exponent: number } {
  const exponent = scaleExponent(s.values);
  return { series: exponent === 0 ? s : { ...s, values: scaleArray(s.values, -exponent) }, exponent };
}

/**
 * A forecast of the {@link rescaled} series in the series' own units, checked: `SERIES_OVERFLOW`
 * naming the series when it is not finite there.
 */
export function restored<F extends Forecast>(s: Series, scaled: F, exponent: number): F {
  const f = exponent === 0 ? scaled : unscale(scaled, exponent);
  checkRange(s, f, scaled);
  return f;
}

/**
 * Runs a forecaster on a series the way its numbers allow, with the caller's limits. A series whose
 * largest magnitude is past 2^±332 (about 1e±100: squares of its values would overflow or vanish) is
 * divided by a power of two first, which is exact, and the forecasts are multiplied back, so they are
 * in the series' own units (`scaleExponent` says so; `aicc`, a likelihood of the scaled values, is
 * left out). A forecast that is not finite in the series' units is a `SERIES_OVERFLOW` naming the
 * series, never a row of NaN. The options' `signal` and `deadline` stop the work inside its loops.
 */
export function guarded<F extends Forecast>(
  s: Series,
  options: ForecastOptions,
  forecast: (s: Series) => F,
): F {
  const { series: input, exponent } = rescaled(s);
  const stop = { signal: options.signal, deadline: options.deadline };
  return restored(
    s,
    runStoppable(stop, () => forecast(input)),
    exponent,
  );
}
