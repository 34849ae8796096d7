// Windowing and scaling of a windowed neural forecaster. The one implementation both the serving path
// (`NeuralForecaster`) and the training export of the bundled model (models/timeseries-mlp) call, so the
// model is trained on exactly the features it is served.
import { classicalDecomposition } from '../models/smoothing.js';
import { seasonalityTest } from '../models/theta.js';
import type { SeasonalityMode, WindowedForecasterSpec, WindowScaling } from './contract.js';

/**
 * A seasonal adjustment of a history: its seasonal figure, applied by position in the season.
 *
 * @example
 * ```ts
 * const { kind, figure } = seasonalAdjustment(air.values, 12, 'classical'); // 'multiplicative', 12 factors
 * ```
 */
export interface SeasonalAdjustment {
  readonly kind: 'none' | 'multiplicative' | 'additive';
  /** Seasonal figure by position in the season, counted from the first value of the history. */
  readonly figure: Float64Array;
}

const NONE: SeasonalAdjustment = { kind: 'none', figure: new Float64Array(0) };

/**
 * The seasonal adjustment of a history, as `thetaf` makes it: with `'classical'`, a classical
 * decomposition when the history tests seasonal at its period (the lag-m autocorrelation beyond its
 * 90% bound, which needs more than two seasons), multiplicative when every value is positive and
 * additive otherwise (a multiplicative figure of a series through zero is meaningless). The model
 * then forecasts the adjusted series, whatever its period, and the figure is put back on its outputs.
 *
 * @example
 * ```ts
 * const adj = seasonalAdjustment(air.values, 12, 'classical'); // { kind: 'multiplicative', figure: [0.91, ...] }
 * ```
 */
export function seasonalAdjustment(
  values: ArrayLike<number>,
  period: number,
  mode: SeasonalityMode,
): SeasonalAdjustment {
  if (mode === 'none' || period <= 1) return NONE;
  let constant = true;
  let positive = true;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[0]) constant = false;
    if (!(values[i]! > 0)) positive = false;
  }
  if (constant || !seasonalityTest(values, period)) return NONE;
  const kind = positive ? 'multiplicative' : 'additive';
  return { kind, figure: classicalDecomposition(values, period, kind).figure };
}

/**
 * Removes (`direction` 1) or puts back (−1) the seasonal figure from values whose first one is at
 * index `start` of the history the figure was fitted on.
 *
 * @example
 * ```ts
 * const adjusted = applySeasonal(air.values, adj, 0, 1);
 * const future = applySeasonal(adjustedForecast, adj, air.values.length, -1);
 * ```
 */
export function applySeasonal(
  values: ArrayLike<number>,
  adj: SeasonalAdjustment,
  start: number,
  direction: 1 | -1,
): Float64Array {
  const out = Float64Array.from(values);
  const m = adj.figure.length;
  if (adj.kind === 'none') return out;
  for (let i = 0; i < out.length; i++) {
    const f = adj.figure[(start + i) % m]!;
    if (adj.kind === 'multiplicative') out[i] = direction === 1 ? out[i]! / f : out[i]! * f;
    else out[i] = direction === 1 ? out[i]! - f : out[i]! + f;
  }
  return out;
}

/**
 * The location and scale of one context window: model value z stands for `loc + scale · z`.
 *
 * @example
 * ```ts
 * const { loc, scale }: WindowScale = windowScale([1, 2, 3], 'standard');
 * ```
 */
export interface WindowScale {
  readonly loc: number;
  readonly scale: number;
}

/**
 * The scale of a window's observed values: `'mean-absolute'` (loc 0, scale mean |x|, as DeepAR and
 * Chronos), `'standard'` (mean and standard deviation) or `'none'`. A scale is floored at 1e-6 of the
 * mean absolute value (1 for an all-zero window), so a flat window becomes zeros instead of a division
 * by zero.
 *
 * @example
 * ```ts
 * windowScale([1, 2, 3], 'standard'); // { loc: 2, scale: 0.816... }
 * ```
 */
export function windowScale(values: ArrayLike<number>, scaling: WindowScaling): WindowScale {
  const n = values.length;
  let sum = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) [sum, abs] = [sum + values[i]!, abs + Math.abs(values[i]!)];
  const [mean, meanAbs] = [sum / n, abs / n];
  const floor = meanAbs > 0 ? 1e-6 * meanAbs : 1;
  if (scaling === 'none') return { loc: 0, scale: 1 };
  if (scaling === 'mean-absolute') return { loc: 0, scale: Math.max(meanAbs, floor) };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { loc: mean, scale: Math.max(Math.sqrt(ss / n), floor) };
}

/**
 * One model input row: the scaled context, its observation mask, and the scale to undo.
 *
 * @example
 * ```ts
 * const { input, mask, loc, scale }: ContextWindow = contextWindow(history, spec);
 * ```
 */
export interface ContextWindow extends WindowScale {
  /** The last `context` values, scaled; left-padded with the first of them when the history is shorter. */
  readonly input: Float32Array;
  /** 1 for an observed value, 0 for padding. */
  readonly mask: Float32Array;
}

/**
 * The model input for a (seasonally adjusted) history: its last `context` values scaled by their own
 * location and scale. A history shorter than the context is left-padded by repeating its first scaled
 * value, with mask 0 there: edge padding keeps the window's level, so a model that ignores the mask still
 * sees a plausible series, and the scale comes from observed values only.
 *
 * @example
 * ```ts
 * const w = contextWindow([5, 6, 7], { context: 4, scaling: 'mean-absolute' });
 * // w.input ≈ [0.83, 0.83, 1, 1.17], w.mask = [0, 1, 1, 1], w.scale = 6
 * ```
 */
export function contextWindow(
  history: ArrayLike<number>,
  spec: Pick<WindowedForecasterSpec, 'context' | 'scaling'>,
): ContextWindow {
  const { context } = spec;
  const n = Math.min(history.length, context);
  const observed = Array.from({ length: n }, (_, i) => history[history.length - n + i]!);
  const { loc, scale } = windowScale(observed, spec.scaling);
  const input = new Float32Array(context);
  const mask = new Float32Array(context);
  const pad = context - n;
  for (let i = 0; i < context; i++) {
    input[i] = (observed[Math.max(0, i - pad)]! - loc) / scale;
    mask[i] = i < pad ? 0 : 1;
  }
  return { input, mask, loc, scale };
}

/**
 * Values in the model's output space of a window: (x − loc) / scale. For training targets.
 *
 * @example
 * ```ts
 * toModelSpace([4, 6], { loc: 2, scale: 2 }); // Float32Array [1, 2]
 * ```
 */
export function toModelSpace(values: ArrayLike<number>, w: WindowScale): Float32Array {
  return Float32Array.from(values, (v) => (v - w.loc) / w.scale);
}

/**
 * Model outputs back in the units of the (adjusted) series: loc + scale · z.
 *
 * @example
 * ```ts
 * fromModelSpace([1, 2], { loc: 2, scale: 2 }); // Float64Array [4, 6]
 * ```
 */
export function fromModelSpace(values: ArrayLike<number>, w: WindowScale): Float64Array {
  return Float64Array.from(values, (z) => w.loc + w.scale * z);
}

/**
 * A history made ready for the model: its seasonal adjustment, the adjusted values and the context window.
 *
 * @example
 * ```ts
 * const { adjustment, adjusted, window }: PreparedHistory = prepareHistory(air.values, 12, spec);
 * ```
 */
export interface PreparedHistory {
  readonly adjustment: SeasonalAdjustment;
  /** The history with its seasonal figure removed. */
  readonly adjusted: Float64Array;
  readonly window: ContextWindow;
}

/**
 * Everything the model needs about a history at a forecast origin: seasonal adjustment (fitted on the
 * whole history), then the scaled context window of the adjusted values.
 *
 * @example
 * ```ts
 * const p = prepareHistory(air.values, 12, spec);
 * p.window.input; // the model input row
 * ```
 */
export function prepareHistory(
  values: ArrayLike<number>,
  period: number,
  spec: Pick<WindowedForecasterSpec, 'context' | 'scaling' | 'seasonality'>,
): PreparedHistory {
  const adjustment = seasonalAdjustment(values, period, spec.seasonality);
  const adjusted = applySeasonal(values, adjustment, 0, 1);
  return { adjustment, adjusted, window: contextWindow(adjusted, spec) };
}

/**
 * What the model should output for the values that followed a prepared history: seasonally adjusted
 * with the history's figure (continuing its phase) and scaled by its window. The training export of
 * a model calls this, so its targets are in exactly the space the forecaster unscales from.
 *
 * @example
 * ```ts
 * const p = prepareHistory(x.subarray(0, t), 12, spec);
 * const y = modelTargets(x.subarray(t, t + spec.horizon), p);
 * ```
 */
export function modelTargets(future: ArrayLike<number>, prepared: PreparedHistory): Float32Array {
  const start = prepared.adjusted.length;
  return toModelSpace(applySeasonal(future, prepared.adjustment, start, 1), prepared.window);
}
