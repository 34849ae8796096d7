// The manifest contract of a windowed neural forecaster: what `preprocessing` and `postprocessing` of its
// model.json say, checked against the tensors the manifest declares. Hand-written rather than a zod
// schema because @strata/timeseries depends on nothing but @strata/core; the messages follow core's
// `parseManifest` ("manifest field X is invalid: ...") so every broken manifest reads the same.
import { ModelError, type ModelManifest, type TensorInfo } from '@strata/core';

/**
 * The `task` of a windowed forecasting model's manifest.
 *
 * @example
 * ```ts
 * const forecasters = registry.byTask(FORECASTING_TASK);
 * ```
 */
export const FORECASTING_TASK = 'time-series-forecasting';

/**
 * How each context window is scaled before the model sees it (and the outputs unscaled after); see
 * `windowScale`.
 *
 * @example
 * ```ts
 * const scaling: WindowScaling = 'standard';
 * ```
 */
export type WindowScaling = 'mean-absolute' | 'standard' | 'none';
/**
 * How the history is seasonally adjusted before windowing (see `seasonalAdjustment`).
 *
 * @example
 * ```ts
 * const mode: SeasonalityMode = 'classical';
 * ```
 */
export type SeasonalityMode = 'classical' | 'none';

/**
 * A windowed forecaster: a context of the last `context` values in, the next `horizon` steps out,
 * as points or as quantiles. Read from a manifest by {@link windowedForecasterSpec}.
 *
 * In `model.json`:
 * ```json
 * "task": "time-series-forecasting",
 * "preprocessing": { "context": 64, "minLength": 3, "scaling": "standard", "seasonality": "classical",
 *                    "input": "context", "mask": "observed" },
 * "postprocessing": { "horizon": 24, "output": "quantiles", "quantiles": [0.025, 0.1, 0.5, 0.9, 0.975] }
 * ```
 *
 * @example
 * ```ts
 * const { context, horizon, quantiles } = windowedForecasterSpec(manifest);
 * ```
 */
export interface WindowedForecasterSpec {
  readonly id: string;
  /** Values the model reads: input shape [batch, context]. */
  readonly context: number;
  /** Steps one run forecasts: output shape [batch, horizon] or [batch, horizon, quantiles]. */
  readonly horizon: number;
  /** Shortest series accepted; shorter ones than `context` are left-padded (see `contextWindow`). */
  readonly minLength: number;
  readonly scaling: WindowScaling;
  readonly seasonality: SeasonalityMode;
  /** The input tensor of the scaled context. */
  readonly input: string;
  /** The input tensor of the observation mask (1 observed, 0 padding), when the model takes one. */
  readonly mask?: string;
  /** The output tensor. */
  readonly output: string;
  /** The quantile levels of the output's last axis, ascending and including 0.5; absent for a point model. */
  readonly quantiles?: readonly number[];
}

const PRE_KEYS = ['context', 'minLength', 'scaling', 'seasonality', 'input', 'mask'];
const POST_KEYS = ['horizon', 'output', 'quantiles'];

type Fail = (field: string, message: string, actual?: unknown) => never;

function failFor(manifest: Pick<ModelManifest, 'id'>): Fail {
  return (field, message, actual) => {
    throw new ModelError(
      'MANIFEST_INVALID',
      `model "${manifest.id}": manifest field "${field}" is invalid: ${message}`,
      { context: { modelId: manifest.id, field, actual } },
    );
  };
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

function wholeNumber(fail: Fail, field: string, v: unknown, min: number, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(
      field,
      `must be a whole number ${max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`}, got ${show(v)}`,
      v,
    );
  return v as number;
}

function oneOf<T extends string>(fail: Fail, field: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) fail(field, `must be one of ${allowed.join(', ')}, got ${show(v)}`, v);
  return v as T;
}

function name(fail: Fail, field: string, v: unknown): string {
  if (typeof v !== 'string' || !v) fail(field, `must name a tensor (a non-empty string), got ${show(v)}`, v);
  return v as string;
}

function strict(fail: Fail, block: string, record: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(record))
    if (!known.includes(key)) fail(`${block}.${key}`, `is not a field; allowed: ${known.join(', ')}`);
}

function quantilesOf(fail: Fail, v: unknown): number[] | undefined {
  if (v === undefined) return undefined;
  const field = 'postprocessing.quantiles';
  const ok =
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((q, i) => typeof q === 'number' && q > 0 && q < 1 && (i === 0 || q > (v[i - 1] as number)));
  if (!ok) fail(field, `must be quantile levels in (0, 1), strictly ascending, got ${show(v)}`, v);
  // The point forecast of a quantile model is its median.
  if (!(v as number[]).includes(0.5)) fail(field, `must include the median 0.5, got ${show(v)}`, v);
  return v as number[];
}

/** Checks one declared tensor: float32 with dims [dynamic batch, ...fixed]. */
function checkTensor(
  fail: Fail,
  kind: 'inputs' | 'outputs',
  infos: readonly TensorInfo[],
  tensor: string,
  fixed: readonly number[],
): void {
  const i = infos.findIndex((t) => t.name === tensor);
  if (i < 0) {
    const names = infos.map((t) => t.name).join(', ');
    fail(kind, `lacks "${tensor}", which the forecaster contract names (declared: ${names})`);
  }
  const info = infos[i]!;
  const want = `[batch, ${fixed.join(', ')}]`;
  if (info.dtype !== 'float32') fail(`${kind}[${i}].dtype`, `must be float32, got ${info.dtype}`, info.dtype);
  const [batch, ...rest] = info.dims;
  const shapeOk =
    info.dims.length === fixed.length + 1 &&
    typeof batch !== 'number' &&
    rest.every((d, k) => d === fixed[k]);
  if (!shapeOk) fail(`${kind}[${i}].dims`, `must be ${want} (batch dynamic), got ${show(info.dims)}`);
}

/**
 * Reads and checks the windowed-forecaster contract of a manifest: task `time-series-forecasting`,
 * `preprocessing` {context, minLength, scaling, seasonality, input, mask} and `postprocessing`
 * {horizon, output, quantiles}, and declared tensors of the implied shapes: input (and mask)
 * float32 [batch, context]; output float32 [batch, horizon], or [batch, horizon, quantiles.length]
 * with quantiles. Throws `MANIFEST_INVALID` naming the model, the field, the bad value and what is
 * allowed.
 *
 * Defaults: `minLength` = `context` (no padding unless the model says it copes with it),
 * `seasonality` = `'none'`.
 *
 * @example
 * ```ts
 * const spec = windowedForecasterSpec(registry.manifest('timeseries-mlp'));
 * spec.context; // 64
 * spec.quantiles; // [0.025, 0.1, 0.5, 0.9, 0.975]
 * ```
 */
export function windowedForecasterSpec(
  manifest: Pick<ModelManifest, 'id' | 'task' | 'inputs' | 'outputs' | 'preprocessing' | 'postprocessing'>,
): WindowedForecasterSpec {
  const fail = failFor(manifest);
  if (manifest.task !== FORECASTING_TASK)
    fail('task', `must be "${FORECASTING_TASK}" for a windowed forecaster, got ${show(manifest.task)}`);
  const pre = manifest.preprocessing;
  const post = manifest.postprocessing;
  strict(fail, 'preprocessing', pre, PRE_KEYS);
  strict(fail, 'postprocessing', post, POST_KEYS);
  const context = wholeNumber(fail, 'preprocessing.context', pre.context, 1);
  const minLength =
    pre.minLength === undefined
      ? context
      : wholeNumber(fail, 'preprocessing.minLength', pre.minLength, 1, context);
  const spec: WindowedForecasterSpec = {
    id: manifest.id,
    context,
    horizon: wholeNumber(fail, 'postprocessing.horizon', post.horizon, 1),
    minLength,
    scaling: oneOf(fail, 'preprocessing.scaling', pre.scaling, ['mean-absolute', 'standard', 'none']),
    seasonality: oneOf(fail, 'preprocessing.seasonality', pre.seasonality ?? 'none', ['classical', 'none']),
    input: name(fail, 'preprocessing.input', pre.input),
    ...(pre.mask === undefined ? {} : { mask: name(fail, 'preprocessing.mask', pre.mask) }),
    output: name(fail, 'postprocessing.output', post.output),
    ...(post.quantiles === undefined ? {} : { quantiles: quantilesOf(fail, post.quantiles)! }),
  };
  checkTensors(fail, manifest, spec);
  return spec;
}

function checkTensors(
  fail: Fail,
  manifest: Pick<ModelManifest, 'inputs' | 'outputs'>,
  spec: WindowedForecasterSpec,
): void {
  const fed = spec.mask === undefined ? [spec.input] : [spec.input, spec.mask];
  if (spec.mask === spec.input) fail('preprocessing.mask', `must differ from the input "${spec.input}"`);
  // Every declared input must be one the forecaster knows how to feed.
  manifest.inputs.forEach((t, i) => {
    if (!fed.includes(t.name))
      fail(
        `inputs[${i}].name`,
        `is "${t.name}", which a windowed forecaster cannot feed (it feeds ${fed.join(', ')})`,
      );
  });
  for (const t of fed) checkTensor(fail, 'inputs', manifest.inputs, t, [spec.context]);
  const out = spec.quantiles ? [spec.horizon, spec.quantiles.length] : [spec.horizon];
  checkTensor(fail, 'outputs', manifest.outputs, spec.output, out);
}

/**
 * The central intervals a quantile model gives: each pair of quantiles q and 1 − q (q < 0.5) is the
 * interval at level 100 (1 − 2q) percent, e.g. 0.1/0.9 → 80 and 0.025/0.975 → 95. Levels ascending.
 *
 * @example
 * ```ts
 * intervalLevels([0.025, 0.1, 0.5, 0.9, 0.975]); // [{ level: 80, lower: 1, upper: 3 }, { level: 95, lower: 0, upper: 4 }]
 * ```
 */
export function intervalLevels(
  quantiles: readonly number[],
): { level: number; lower: number; upper: number }[] {
  const out: { level: number; lower: number; upper: number }[] = [];
  quantiles.forEach((q, lower) => {
    if (q >= 0.5) return;
    const upper = quantiles.findIndex((p) => Math.abs(p - (1 - q)) < 1e-9);
    // Rounded so that 1 − 2·0.025 prints as 95, not 94.99999999999999.
    if (upper >= 0) out.push({ level: Math.round((1 - 2 * q) * 1e8) / 1e6, lower, upper });
  });
  return out.sort((a, b) => a.level - b.level);
}
