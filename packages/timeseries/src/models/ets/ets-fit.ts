import { nelderMead } from '../../stats/nelder-mead.js';
import { admissible, withinUsual } from './ets-bounds.js';
import { initialParameters, initialStates } from './ets-init.js';
import { etsPass, type EtsParameters, type EtsSpec, type EtsState } from './ets-model.js';

/** One fitted ETS model. */
export interface EtsFit {
  readonly spec: EtsSpec;
  /** The seasonal period the model uses (1 when it has no season). */
  readonly m: number;
  readonly parameters: EtsParameters;
  /** The fitted initial states: level, trend, and the seasonal buffer (slot t mod m for time t). */
  readonly initial: EtsState;
  /** The states after the last observation, from which forecasts start. */
  readonly final: EtsState;
  /** One-step innovations: y − μ (additive error) or (y − μ)/μ (multiplicative). */
  readonly residuals: Float64Array;
  /** One-step fitted values μ_t. */
  readonly fitted: Float64Array;
  /** −2 log-likelihood with constants dropped, as forecast reports it. */
  readonly lik: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  /** Σε² / (n − free parameters). */
  readonly sigma2: number;
  /** Free parameters: smoothing parameters and initial states (σ not counted). */
  readonly freeParameters: number;
}

/** Unpacks the optimiser's vector [α, β?, γ?, φ?, ℓ0, b0?, s0..s_{m−2}?]. */
function unpack(spec: EtsSpec, m: number, x: ArrayLike<number>, state: EtsState): EtsParameters {
  let i = 0;
  const alpha = x[i++]!;
  const beta = spec.trend !== 'N' ? x[i++]! : 0;
  const gamma = spec.season !== 'N' ? x[i++]! : 0;
  const phi = spec.damped ? x[i++]! : 1;
  state.level = x[i++]!;
  state.trend = spec.trend !== 'N' ? x[i++]! : 0;
  if (spec.season !== 'N') {
    // Free states are most recent first: s_{j} applies to time m−1−j; the m-th makes the season sum
    // to 0 (additive) or m (multiplicative) and applies to time 0.
    let sum = 0;
    for (let j = 0; j < m - 1; j++) {
      const v = x[i + j]!;
      state.season[m - 1 - j] = v;
      sum += v;
    }
    state.season[0] = (spec.season === 'M' ? m : 0) - sum;
  }
  return { alpha, beta, gamma, phi };
}

/**
 * Fits one ETS model by maximum likelihood as forecast's `etsmodel` does: Nelder–Mead over the
 * smoothing parameters and initial states together, from `initparam`/`initstate` starting values,
 * inside both the usual and the admissible bounds. Returns null when the model has as many free
 * parameters as the data allow or more (R gives it an infinite information criterion).
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec, period: number): EtsFit | null {
  const n = y.length;
  const m = spec.season === 'N' ? 1 : period;
  const start = [...initialParameters(spec, m), ...initialStates(y, spec, m)];
  const np = start.length;
  if (np >= n - 1) return null;
  const state: EtsState = { level: 0, trend: 0, season: new Float64Array(m) };
  const objective = (x: Float64Array): number => {
    const p = unpack(spec, m, x, state);
    if (!withinUsual(spec, p) || !admissible(spec, p, m)) return Infinity;
    if (spec.season === 'M' && state.season.some((v) => v < 0)) return Infinity;
    const { lik } = etsPass(y, spec, p, state);
    // As forecast: no reward for a perfect fit, and NaN counts as infinitely bad.
    if (Number.isNaN(lik)) return Infinity;
    return Math.max(lik, -1e10);
  };
  const { x } = nelderMead(objective, start);
  const initial: EtsState = { level: 0, trend: 0, season: new Float64Array(m) };
  const parameters = unpack(spec, m, x, initial);
  const final: EtsState = { ...initial, season: Float64Array.from(initial.season) };
  const residuals = new Float64Array(n);
  const fitted = new Float64Array(n);
  const { lik, sse } = etsPass(y, spec, parameters, final, residuals, fitted);
  const k = np + 1;
  const aic = lik + 2 * k;
  return {
    spec,
    m,
    parameters,
    initial,
    final,
    residuals,
    fitted,
    lik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: lik + k * Math.log(n),
    sigma2: sse / (n - np),
    freeParameters: np,
  };
}
