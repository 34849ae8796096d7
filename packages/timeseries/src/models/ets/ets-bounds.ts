import { insideUnitCircle, maxRootModulus } from '../../stats/polynomial.js';
import type { EtsParameters, EtsSpec } from './ets-model.js';

/** Lower and upper limits of α, β, γ, φ: forecast's defaults. */
export const LOWER = [1e-4, 1e-4, 1e-4, 0.8] as const;
export const UPPER = [0.9999, 0.9999, 0.9999, 0.98] as const;

/** The "usual" bounds: each parameter in its interval, β ≤ α and γ ≤ 1 − α. */
export function withinUsual(spec: EtsSpec, p: EtsParameters): boolean {
  const { alpha, beta, gamma, phi } = p;
  if (alpha < LOWER[0] || alpha > UPPER[0]) return false;
  if (spec.trend !== 'N' && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) return false;
  if (spec.damped && (phi < LOWER[3] || phi > UPPER[3])) return false;
  if (spec.season !== 'N' && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) return false;
  return true;
}

// Reused across calls: admissibility is checked on every optimiser step.
let coefficients = new Float64Array(32);

/**
 * The "admissible" region (Hyndman, Akram & Archibald 2008): the parameters for which the model
 * forgets its initial states. Non-seasonal models have closed-form limits; seasonal ones add the
 * condition that the characteristic polynomial has no root outside the unit circle.
 */
export function admissible(spec: EtsSpec, p: EtsParameters, m: number): boolean {
  const { alpha, beta, gamma, phi } = p;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (spec.season === 'N') {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (spec.trend !== 'N' && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  // Coefficients in increasing order of power, the last one 1.
  if (coefficients.length < m + 2) coefficients = new Float64Array(2 * (m + 2));
  const c = coefficients.subarray(0, m + 2);
  c[0] = phi * (1 - alpha - gamma);
  c[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let i = 2; i < m; i++) c[i] = alpha + beta - alpha * phi;
  c[m] = alpha + beta - phi;
  c[m + 1] = 1;
  // The Schur–Cohn test settles almost every point without finding roots; the roots are computed
  // only for the rest, to apply forecast's tolerance (moduli up to 1 + 1e-10) exactly.
  return insideUnitCircle(c) || maxRootModulus(c) <= 1 + 1e-10;
}
