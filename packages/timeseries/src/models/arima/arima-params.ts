import { polynomialRoots } from '../../stats/polynomial.js';

/** Orders of a seasonal ARIMA(p,d,q)(P,D,Q)[m]. */
export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Seasonal period (1 when not seasonal). */
  readonly m: number;
}

/**
 * Maps unconstrained values to the coefficients of a stationary AR polynomial: tanh gives partial
 * autocorrelations in (−1, 1), and the Durbin–Levinson recursion turns them into AR coefficients
 * (Jones 1980), as R's arima does when `transform.pars = TRUE`.
 */
export function toStationary(raw: ArrayLike<number>, from: number, count: number, out: Float64Array): void {
  const work = new Float64Array(count);
  for (let j = 0; j < count; j++) work[j] = out[from + j] = Math.tanh(raw[from + j]!);
  for (let j = 1; j < count; j++) {
    const a = out[from + j]!;
    for (let k = 0; k < j; k++) work[k]! -= a * out[from + j - k - 1]!;
    for (let k = 0; k < j; k++) out[from + k] = work[k]!;
  }
}

/** The inverse of {@link toStationary}: AR coefficients back to atanh of their partial autocorrelations. */
export function fromStationary(phi: ArrayLike<number>, from: number, count: number, out: Float64Array): void {
  const work = new Float64Array(count);
  const v = new Float64Array(count);
  for (let j = 0; j < count; j++) work[j] = v[j] = phi[from + j]!;
  for (let j = count - 1; j > 0; j--) {
    const a = v[j]!;
    for (let k = 0; k < j; k++) work[k] = (v[k]! + a * v[j - k - 1]!) / (1 - a * a);
    for (let k = 0; k < j; k++) v[k] = work[k]!;
  }
  for (let j = 0; j < count; j++) out[from + j] = Math.atanh(v[j]!);
}

/**
 * The coefficient vector [ar, ma, sar, sma] as optimised, to the model's full AR and MA polynomials
 * φ(B)Φ(B^m) and θ(B)Θ(B^m) (AR blocks first made stationary when `transform`).
 */
export function expandArma(
  par: ArrayLike<number>,
  o: ArimaOrder,
  transform: boolean,
): { phi: Float64Array; theta: Float64Array } {
  const params = Float64Array.from(par);
  if (transform) {
    if (o.p > 0) toStationary(par, 0, o.p, params);
    if (o.P > 0) toStationary(par, o.p + o.q, o.P, params);
  }
  const m = o.m;
  const phi = new Float64Array(o.p + m * o.P);
  const theta = new Float64Array(o.q + m * o.Q);
  for (let i = 0; i < o.p; i++) phi[i] = params[i]!;
  for (let i = 0; i < o.q; i++) theta[i] = params[o.p + i]!;
  for (let j = 0; j < o.P; j++) {
    const s = params[o.p + o.q + j]!;
    phi[(j + 1) * m - 1]! += s;
    for (let i = 0; i < o.p; i++) phi[(j + 1) * m + i]! -= params[i]! * s;
  }
  for (let j = 0; j < o.Q; j++) {
    const s = params[o.p + o.q + o.P + j]!;
    theta[(j + 1) * m - 1]! += s;
    for (let i = 0; i < o.q; i++) theta[(j + 1) * m + i]! += params[o.p + i]! * s;
  }
  return { phi, theta };
}

/** Applies the stationarity transform to the AR blocks of a full coefficient vector (R's undoPars). */
export function undoTransform(par: ArrayLike<number>, o: ArimaOrder): Float64Array {
  const out = Float64Array.from(par);
  if (o.p > 0) toStationary(par, 0, o.p, out);
  if (o.P > 0) toStationary(par, o.p + o.q, o.P, out);
  return out;
}

/** The inverse transform of the AR blocks of a full coefficient vector (R's ARIMA_Invtrans). */
export function invertTransform(par: ArrayLike<number>, o: ArimaOrder): Float64Array {
  const out = Float64Array.from(par);
  if (o.p > 0) fromStationary(par, 0, o.p, out);
  if (o.P > 0) fromStationary(par, o.p + o.q, o.P, out);
  return out;
}

/**
 * The Jacobian of {@link undoTransform} by forward differences of 1e-3 (row i: the effect of
 * parameter i), as R's ARIMA_Gradtrans; identity outside the AR blocks.
 */
export function transformJacobian(par: ArrayLike<number>, o: ArimaOrder): Float64Array[] {
  const n = par.length;
  const a = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
  const block = (from: number, count: number) => {
    if (count === 0) return;
    const w1 = Float64Array.from(par);
    const base = new Float64Array(n);
    const moved = new Float64Array(n);
    toStationary(w1, from, count, base);
    for (let i = 0; i < count; i++) {
      w1[from + i]! += 1e-3;
      toStationary(w1, from, count, moved);
      for (let j = 0; j < count; j++) a[from + i]![from + j] = (moved[from + j]! - base[from + j]!) / 1e-3;
      w1[from + i]! -= 1e-3;
    }
  };
  block(0, o.p);
  block(o.p + o.q, o.P);
  return a;
}

/**
 * Makes an MA polynomial 1 + Σ θ_k B^k invertible by reflecting roots inside the unit circle to
 * their reciprocals, as R's arima does after fitting.
 */
export function invertMa(ma: ArrayLike<number>): Float64Array {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return Float64Array.from(ma);
  const { re, im } = polynomialRoots([1, ...Array.from(ma).slice(0, q0)]);
  let any = false;
  for (let i = 0; i < re.length; i++) if (Math.hypot(re[i]!, im[i]!) < 1) any = true;
  if (!any) return Float64Array.from(ma);
  if (q0 === 1) {
    const out = new Float64Array(q);
    out[0] = 1 / ma[0]!;
    return out;
  }
  for (let i = 0; i < re.length; i++) {
    const r2 = re[i]! ** 2 + im[i]! ** 2;
    if (r2 < 1) {
      re[i] = re[i]! / r2;
      im[i] = -im[i]! / r2;
    }
  }
  // Rebuild Π (1 − z / r_i) with complex arithmetic; the imaginary parts cancel.
  let cr = [1];
  let ci = [0];
  for (let k = 0; k < re.length; k++) {
    const d2 = re[k]! ** 2 + im[k]! ** 2;
    const ir = re[k]! / d2;
    const ii = -im[k]! / d2;
    const nr = [...cr, 0];
    const ni = [...ci, 0];
    for (let j = 0; j < cr.length; j++) {
      nr[j + 1]! -= cr[j]! * ir - ci[j]! * ii;
      ni[j + 1]! -= cr[j]! * ii + ci[j]! * ir;
    }
    cr = nr;
    ci = ni;
  }
  const out = new Float64Array(q);
  for (let j = 1; j <= q0; j++) out[j - 1] = cr[j]!;
  return out;
}

/** The differencing polynomial (1 − B)^d (1 − B^m)^D as Δ with x_t − Σ Δ_i x_{t−i} the differenced series. */
export function differencingPolynomial(o: ArimaOrder): Float64Array {
  let c = [1];
  const times = (f: number[]) => {
    const out = new Array<number>(c.length + f.length - 1).fill(0);
    c.forEach((a, i) => f.forEach((b, j) => (out[i + j]! += a * b)));
    c = out;
  };
  for (let i = 0; i < o.d; i++) times([1, -1]);
  for (let i = 0; i < o.D; i++) times([1, ...new Array<number>(o.m - 1).fill(0), -1]);
  return Float64Array.from(c.slice(1), (v) => -v);
}
