import { nelderMead } from '../stats/nelder-mead.js';

/** The sample autocorrelations r_0..r_maxLag, as R's `acf` gives them (denominator n, mean removed). */
export function acf(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i]! - mean) ** 2;
  const r = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let c = 0;
    for (let i = 0; i + k < n; i++) c += (x[i]! - mean) * (x[i + k]! - mean);
    r[k] = c / c0;
  }
  return r;
}

/**
 * Classical decomposition (R's `decompose`): the trend is a centred moving average of order m (2×m for
 * even m); the seasonal figure is the mean of the detrended values at each position in the season,
 * counted from the first observation, normalised to mean 0 (additive) or 1 (multiplicative).
 */
export function classicalDecomposition(
  x: ArrayLike<number>,
  m: number,
  type: 'additive' | 'multiplicative',
): { trend: Float64Array; figure: Float64Array } {
  const n = x.length;
  const weights =
    m % 2 ? new Array<number>(m).fill(1 / m) : [0.5 / m, ...new Array<number>(m - 1).fill(1 / m), 0.5 / m];
  const half = (weights.length - 1) / 2;
  const trend = new Float64Array(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = 0; j < weights.length; j++) s += weights[j]! * x[t - half + j]!;
    trend[t] = s;
  }
  const figure = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    let count = 0;
    for (let t = i; t < n; t += m) {
      const v = type === 'additive' ? x[t]! - trend[t]! : x[t]! / trend[t]!;
      // As R's mean(na.rm = TRUE): the ends without a trend, and 0/0, are left out; ±Inf is not.
      if (Number.isNaN(v)) continue;
      sum += v;
      count++;
    }
    figure[i] = sum / count;
  }
  const centre = figure.reduce((a, v) => a + v, 0) / m;
  for (let i = 0; i < m; i++) figure[i] = type === 'additive' ? figure[i]! - centre : figure[i]! / centre;
  return { trend, figure };
}

/** A simple exponential smoothing fit. */
export interface SesFit {
  readonly alpha: number;
  /** The initial level ℓ0. */
  readonly initial: number;
  /** The last level ℓ_n: the point forecast. */
  readonly level: number;
  /** One-step fitted values ℓ_{t-1}. */
  readonly fitted: Float64Array;
  /** Σe² / (n − 2): two parameters (α, ℓ0) estimated. */
  readonly sigma2: number;
  readonly mse: number;
}

/** The in-sample one-step mean squared error of SES from (α, ℓ0). */
function sesMse(y: ArrayLike<number>, alpha: number, initial: number): number {
  let level = initial;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const e = y[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return sse / y.length;
}

/**
 * Simple exponential smoothing fitted as `ets(y, "ANN", opt.crit = "mse")` fits it: α and ℓ0 together
 * by Nelder–Mead on the in-sample one-step mean squared error, α held within [1e-4, 0.9999], from R's
 * starting values (α = 1e-4 + 0.2 (0.9999 − 1e-4) / m, ℓ0 the mean of the first max(10, 2m) values).
 */
export function sesFit(y: ArrayLike<number>, period = 1): SesFit {
  const [lo, hi] = [1e-4, 0.9999];
  const n = y.length;
  const maxn = Math.min(Math.max(10, 2 * period), n);
  let start = 0;
  for (let t = 0; t < maxn; t++) start += y[t]! / maxn;
  const objective = (p: Float64Array) => (p[0]! < lo || p[0]! > hi ? Infinity : sesMse(y, p[0]!, p[1]!));
  const { x } = nelderMead(objective, [lo + (0.2 * (hi - lo)) / period, start]);
  const [alpha, initial] = [x[0]!, x[1]!];
  const fitted = new Float64Array(n);
  let level = initial;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    fitted[t] = level;
    const e = y[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return { alpha, initial, level, fitted, sigma2: sse / (n - 2), mse: sse / n };
}
