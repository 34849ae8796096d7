/** The components of an exponential smoothing state space model, ETS(error, trend, season). */
export interface EtsSpec {
  readonly error: 'A' | 'M';
  readonly trend: 'N' | 'A';
  readonly damped: boolean;
  readonly season: 'N' | 'A' | 'M';
}

/** Smoothing parameters; β, γ and φ are 0, 0 and 1 where the model has no such component. */
export interface EtsParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

/**
 * The states of a model at one time: level, trend and the seasonal buffer. `season[t mod m]` is the
 * seasonal state that applies to time t (0-based), so one pass replaces one slot per step instead of
 * shifting m states.
 */
export interface EtsState {
  level: number;
  trend: number;
  readonly season: Float64Array;
}

/** The model's name as R writes it, e.g. `ETS(M,Ad,M)`. */
export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend}${spec.damped ? 'd' : ''},${spec.season})`;
}

/** Past this a ratio is taken as infinite, as forecast's C code does near a zero divisor. */
const TOL = 1e-10;
const HUGE = 1e10;

/** What a pass over the data leaves: −2 log-likelihood (constants dropped) and the sum of squared errors. */
export interface PassResult {
  readonly lik: number;
  readonly sse: number;
}

/**
 * Runs the model's recursions over `y` from `state` (which it advances to the end of the data) and
 * returns the likelihood n·log Σε² + 2·Σ log|μ_t| (the second term for multiplicative errors only).
 * Writes the innovations ε_t and one-step means μ_t when arrays are given. The hot loop of fitting:
 * it allocates nothing.
 */
export function etsPass(
  y: ArrayLike<number>,
  spec: EtsSpec,
  p: EtsParameters,
  state: EtsState,
  errors?: Float64Array,
  means?: Float64Array,
): PassResult {
  const n = y.length;
  const { alpha, beta, gamma, phi } = p;
  const hasTrend = spec.trend !== 'N';
  const season = spec.season;
  const multError = spec.error === 'M';
  const s = state.season;
  const m = s.length;
  const betaOverAlpha = beta / alpha;
  let level = state.level;
  let trend = state.trend;
  let slot = 0;
  let sse = 0;
  let logs = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = hasTrend ? phi * trend : 0;
    const q = level + phib;
    const st = season === 'N' ? 0 : s[slot]!;
    const mu = season === 'A' ? q + st : season === 'M' ? q * st : q;
    const e = multError ? (yt - mu) / mu : yt - mu;
    sse += e * e;
    if (multError) logs += Math.log(Math.abs(mu));
    if (errors) errors[t] = e;
    if (means) means[t] = mu;
    const deseasoned = season === 'N' ? yt : season === 'A' ? yt - st : Math.abs(st) < TOL ? HUGE : yt / st;
    const next = q + alpha * (deseasoned - q);
    if (hasTrend) trend = phib + betaOverAlpha * (next - level - phib);
    level = next;
    if (season !== 'N') {
      const detrended = season === 'A' ? yt - q : Math.abs(q) < TOL ? HUGE : yt / q;
      s[slot] = st + gamma * (detrended - st);
      if (++slot === m) slot = 0;
    }
  }
  state.level = level;
  state.trend = trend;
  if (season !== 'N' && slot !== 0) rotate(s, slot);
  return { lik: n * Math.log(sse) + 2 * logs, sse };
}

/** Rotates the buffer left by k so that slot 0 again belongs to the next time step. */
function rotate(s: Float64Array, k: number): void {
  const copy = Float64Array.from(s);
  for (let i = 0; i < s.length; i++) s[i] = copy[(i + k) % s.length]!;
}

/** Point forecasts h steps ahead from the end state: (ℓ + φ_h·b) ⊕ s. */
export function etsPointForecast(spec: EtsSpec, p: EtsParameters, state: EtsState, h: number): Float64Array {
  const out = new Float64Array(h);
  const m = state.season.length;
  let phiSum = 0;
  for (let i = 0; i < h; i++) {
    phiSum += spec.damped ? p.phi ** (i + 1) : 1;
    const base = state.level + (spec.trend === 'N' ? 0 : phiSum * state.trend);
    const s = state.season[i % m]!;
    out[i] = spec.season === 'A' ? base + s : spec.season === 'M' ? base * s : base;
  }
  return out;
}
