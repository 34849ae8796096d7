/**
 * STL, seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), in the
 * non-robust form R's `stl(x, s.window)` computes: two inner passes of cycle-subseries smoothing,
 * low-pass filtering and trend smoothing, each loess evaluated every `jump` points and interpolated.
 * Indices in the comments are 1-based as in the paper; arrays are 0-based.
 */

/** Windows (odd lengths) and degrees of the three smoothers. */
export interface StlOptions {
  /** Seasonal window: odd, at least 7 recommended. */
  readonly sWindow: number;
  readonly sDegree?: 0 | 1;
  /** Trend window. @defaultValue nextodd(ceil(1.5 m / (1 − 1.5 / sWindow))) */
  readonly tWindow?: number;
  /** Low-pass window. @defaultValue nextodd(m) */
  readonly lWindow?: number;
  /** Inner iterations. @defaultValue `2` */
  readonly inner?: number;
}

/** The seasonal and trend components; the remainder is x − seasonal − trend. */
export interface StlResult {
  readonly seasonal: Float64Array;
  readonly trend: Float64Array;
  readonly remainder: Float64Array;
}

const nextOdd = (x: number) => (x % 2 === 0 ? x + 1 : x);

/**
 * Local fit at position xs (1-based) from y[nleft..nright] with tricube weights over a window of
 * `len`: degree 0 (weighted mean) or 1 (weighted line). Returns NaN when every weight is zero.
 */
function loessAt(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    w[j - 1] = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j - 1] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      a += w[j - 1]!;
    }
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) w[j - 1]! /= a;
  if (h > 0 && degree > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j - 1]! * j;
    let spread = 0;
    for (let j = nleft; j <= nright; j++) spread += w[j - 1]! * (j - mean) ** 2;
    if (Math.sqrt(spread) > 0.001 * range) {
      const slope = (xs - mean) / spread;
      for (let j = nleft; j <= nright; j++) w[j - 1]! *= slope * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1]! * y[j - 1]!;
  return ys;
}

/** Loess smooth of y (length n) evaluated every `jump` points, linear in between. */
function loess(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  jump: number,
  out: Float64Array,
  offset = 0,
): void {
  const w = new Float64Array(n);
  const set = (i: number, v: number) => (out[offset + i - 1] = Number.isNaN(v) ? y[i - 1]! : v);
  if (n < 2) {
    out[offset] = y[0]!;
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    for (let i = 1; i <= n; i += step) set(i, loessAt(y, n, len, degree, i, 1, n, w));
  } else if (step === 1) {
    const half = Math.floor((len + 1) / 2);
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      set(i, loessAt(y, n, len, degree, i, nleft, nright, w));
    }
  } else {
    const half = Math.floor((len + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) [nleft, nright] = [1, len];
      else if (i >= n - half + 1) [nleft, nright] = [n - len + 1, n];
      else [nleft, nright] = [i - half + 1, len + i - half];
      set(i, loessAt(y, n, len, degree, i, nleft, nright, w));
    }
  }
  if (step === 1) return;
  const at = (i: number) => out[offset + i - 1]!;
  for (let i = 1; i <= n - step; i += step) {
    const delta = (at(i + step) - at(i)) / step;
    for (let j = i + 1; j < i + step; j++) out[offset + j - 1] = at(i) + delta * (j - i);
  }
  const k = Math.floor((n - 1) / step) * step + 1;
  if (k !== n) {
    set(n, loessAt(y, n, len, degree, n, nleft, nright, w));
    if (k !== n - 1) {
      const delta = (at(n) - at(k)) / (n - k);
      for (let j = k + 1; j < n; j++) out[offset + j - 1] = at(k) + delta * (j - k);
    }
  }
}

/** Smooths each cycle-subseries and extends it one period at each end: length n + 2m. */
function cycleSubseries(
  y: Float64Array,
  n: number,
  m: number,
  len: number,
  degree: number,
  jump: number,
): Float64Array {
  const season = new Float64Array(n + 2 * m);
  const sub = new Float64Array(Math.ceil(n / m));
  const smooth = new Float64Array(sub.length + 2);
  const w = new Float64Array(sub.length);
  for (let j = 1; j <= m; j++) {
    const k = Math.floor((n - j) / m) + 1;
    for (let i = 1; i <= k; i++) sub[i - 1] = y[(i - 1) * m + j - 1]!;
    const s = sub.subarray(0, k);
    loess(s, k, len, degree, jump, smooth, 1);
    const left = loessAt(s, k, len, degree, 0, 1, Math.min(len, k), w);
    smooth[0] = Number.isNaN(left) ? smooth[1]! : left;
    const right = loessAt(s, k, len, degree, k + 1, Math.max(1, k - len + 1), k, w);
    smooth[k + 1] = Number.isNaN(right) ? smooth[k]! : right;
    for (let i = 1; i <= k + 2; i++) season[(i - 1) * m + j - 1] = smooth[i - 1]!;
  }
  return season;
}

/** Moving average of length len over x[0..n): length n − len + 1. */
function movingAverage(x: Float64Array, n: number, len: number): Float64Array {
  const out = new Float64Array(n - len + 1);
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i]!;
  out[0] = v / len;
  for (let i = 1; i < out.length; i++) {
    v += x[i + len - 1]! - x[i - 1]!;
    out[i] = v / len;
  }
  return out;
}

/** STL decomposition of x with seasonal period m (m ≥ 2, at least two periods of data). */
export function stl(x: ArrayLike<number>, m: number, options: StlOptions): StlResult {
  const n = x.length;
  const y = Float64Array.from(x);
  const ns = nextOdd(Math.max(3, options.sWindow));
  const nt = nextOdd(Math.max(3, options.tWindow ?? Math.ceil((1.5 * m) / (1 - 1.5 / options.sWindow))));
  const nl = nextOdd(Math.max(3, options.lWindow ?? m));
  const sDegree = options.sDegree ?? 0;
  const [sJump, tJump, lJump] = [ns, nt, nl].map((w) => Math.ceil(w / 10)) as [number, number, number];
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const work = new Float64Array(n);
  const low = new Float64Array(n);
  for (let pass = 0; pass < (options.inner ?? 2); pass++) {
    for (let i = 0; i < n; i++) work[i] = y[i]! - trend[i]!;
    const c = cycleSubseries(work, n, m, ns, sDegree, sJump);
    const filtered = movingAverage(movingAverage(movingAverage(c, n + 2 * m, m), n + m + 1, m), n + 2, 3);
    loess(filtered, n, nl, 1, lJump, low);
    for (let i = 0; i < n; i++) {
      seasonal[i] = c[m + i]! - low[i]!;
      work[i] = y[i]! - seasonal[i]!;
    }
    loess(work, n, nt, 1, tJump, trend);
  }
  const remainder = y.map((v, i) => v - seasonal[i]! - trend[i]!);
  return { seasonal, trend, remainder };
}

function variance(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]! / x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - mean) ** 2;
  return s / (x.length - 1);
}

/**
 * Seasonal strength max(0, min(1, 1 − Var(R) / Var(R + S))) of an STL decomposition with seasonal
 * window 11, the measure forecast's `nsdiffs(test = "seas")` compares with 0.64.
 */
export function seasonalStrength(x: ArrayLike<number>, m: number): number {
  const { seasonal, remainder } = stl(x, m, { sWindow: 11 });
  const vr = variance(remainder);
  const vrs = variance(remainder.map((v, i) => v + seasonal[i]!));
  return Math.max(0, Math.min(1, 1 - vr / vrs));
}
