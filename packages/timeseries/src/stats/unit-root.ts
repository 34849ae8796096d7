/**
 * The KPSS level-stationarity statistic (Kwiatkowski, Phillips, Schmidt & Shin 1992) with a Bartlett
 * long-run variance over `lags` lags: Σ S_t² / (n² σ̂²_LR), S the partial sums of the demeaned series.
 */
export function kpssStatistic(x: ArrayLike<number>, lags: number): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]! / n;
  const res = Float64Array.from(x, (v) => v - mean);
  let partial = 0;
  let num = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    partial += res[i]!;
    num += partial * partial;
    s2 += res[i]! * res[i]!;
  }
  num /= n * n;
  s2 /= n;
  let lr = s2;
  for (let k = 1; k <= lags; k++) {
    let c = 0;
    for (let i = k; i < n; i++) c += res[i]! * res[i - k]!;
    lr += (2 / n) * (1 - k / (lags + 1)) * c;
  }
  return num / lr;
}

/** Whether every value equals the first. */
export const isConstant = (x: ArrayLike<number>): boolean => {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
};

/** First differences of x. */
export function difference(x: ArrayLike<number>, lag = 1): Float64Array {
  const out = new Float64Array(Math.max(0, x.length - lag));
  for (let i = lag; i < x.length; i++) out[i - lag] = x[i]! - x[i - lag]!;
  return out;
}

/**
 * The number of first differences (0..maxD) that make x level-stationary by repeated KPSS tests at
 * the 5% level (statistic above 0.463), with ⌊3√n / 13⌋ lags: forecast's `ndiffs` defaults.
 */
export function kpssDifferences(x: ArrayLike<number>, maxD = 2): number {
  let y: Float64Array = Float64Array.from(x);
  let d = 0;
  if (isConstant(y)) return 0;
  const needs = (v: Float64Array) => kpssStatistic(v, Math.trunc((3 * Math.sqrt(v.length)) / 13)) > 0.463;
  while (d < maxD && needs(y)) {
    d++;
    y = difference(y);
    if (isConstant(y)) return d;
  }
  return d;
}
