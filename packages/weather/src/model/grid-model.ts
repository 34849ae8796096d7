import { z } from 'zod';
import {
  InvalidArgumentError,
  parsePreprocessing,
  type ModelManifest,
  type ModelManifestInput,
  type TensorInfo,
} from '@strata/core';
import type { Grid } from '../grid-source.js';

const tensorSpec = z.strictObject({
  /** The model input that holds these variables, and the output that holds them one step later. */
  input: z.string().min(1),
  output: z.string().min(1),
  /** Variables by ERA5 short name, in tensor order. */
  variables: z.array(z.string().min(1)).min(1),
  /** Pressure levels in hPa, in tensor order; absent for surface tensors. */
  levels: z.array(z.number().positive()).min(1).optional(),
});

/** The zod schema of a grid model's `preprocessing` block in its manifest. */
export const gridModelSchema = z.strictObject({
  /** Hours one run advances the state. */
  stepHours: z.number().int().positive(),
  /** Regular grid: latitudes from `latitudeFirst` to `latitudeLast`, longitudes from `longitudeFirst` eastwards. */
  grid: z.strictObject({
    latitudeFirst: z.number().min(-90).max(90),
    latitudeLast: z.number().min(-90).max(90),
    latitudes: z.number().int().min(2),
    longitudeFirst: z.number().min(0).lt(360),
    longitudes: z.number().int().min(2),
    /** Spacing of longitudes; a global grid's default is 360 / longitudes. */
    longitudeStep: z.number().positive().optional(),
  }),
  /** Tensor layout: [variable, level, latitude, longitude] with levels, else [variable, latitude, longitude]. */
  tensors: z.array(tensorSpec).min(1),
  /**
   * Inputs Strata computes from the valid time of the state each run starts from: `diurnal` is
   * [sin, cos] of the UTC hour angle (2π h / 24), shape [2].
   */
  forcings: z.array(z.strictObject({ input: z.string().min(1), kind: z.enum(['diurnal']) })).default([]),
});

/** What a gridded forecast model takes and gives: step, grid and the variables of each tensor. */
export type GridModelSpec = z.output<typeof gridModelSchema>;
/** One input/output tensor pair of a grid model. */
export type GridTensorSpec = GridModelSpec['tensors'][number];

/** Reads the grid-model description from a manifest's `preprocessing`. Throws `INVALID_ARGUMENT` naming the field. */
export function gridModelSpec(manifest: Pick<ModelManifest, 'id' | 'preprocessing'>): GridModelSpec {
  return parsePreprocessing(manifest, gridModelSchema, 'a grid model');
}

/** The latitudes and longitudes of a grid model (latitude descending, longitude ascending). */
export function modelGrid(spec: GridModelSpec): Grid {
  const g = spec.grid;
  const dLat = (g.latitudeLast - g.latitudeFirst) / (g.latitudes - 1);
  const dLon = g.longitudeStep ?? 360 / g.longitudes;
  return {
    latitude: Float64Array.from({ length: g.latitudes }, (_, i) => round(g.latitudeFirst + i * dLat)),
    // In the model convention: wrapped into [0, 360) and ascending (a regional grid across 0° splits).
    longitude: Float64Array.from({ length: g.longitudes }, (_, i) =>
      round((g.longitudeFirst + i * dLon) % 360),
    ).sort(),
  };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/** Dimensions of one tensor of the model. */
export function tensorDims(spec: GridModelSpec, t: GridTensorSpec): number[] {
  const hw = [spec.grid.latitudes, spec.grid.longitudes];
  return t.levels ? [t.variables.length, t.levels.length, ...hw] : [t.variables.length, ...hw];
}

/** The manifest inputs and outputs a grid model spec implies (to check against the ONNX graph). */
export function gridModelIo(spec: GridModelSpec): { inputs: GridTensorInfo[]; outputs: GridTensorInfo[] } {
  return {
    inputs: [
      ...spec.tensors.map((t): GridTensorInfo => ({
        name: t.input,
        dtype: 'float32',
        dims: tensorDims(spec, t),
      })),
      ...spec.forcings.map((f): GridTensorInfo => ({ name: f.input, dtype: 'float32', dims: [2] })),
    ],
    outputs: spec.tensors.map((t) => ({ name: t.output, dtype: 'float32', dims: tensorDims(spec, t) })),
  };
}

/** A grid model tensor as a manifest declares it. */
export interface GridTensorInfo extends TensorInfo {
  dtype: 'float32';
  dims: number[];
}

/** Pangu-Weather's 13 pressure levels, in its tensor order. */
export const PANGU_LEVELS = [1000, 925, 850, 700, 600, 500, 400, 300, 250, 200, 150, 100, 50] as const;

/** The Pangu-Weather contract for one of its four models (1, 3, 6 or 24 hours). */
export function panguSpec(stepHours: 1 | 3 | 6 | 24): GridModelSpec {
  if (![1, 3, 6, 24].includes(stepHours)) {
    throw new InvalidArgumentError(
      'stepHours',
      `Pangu-Weather has 1, 3, 6 and 24 hour models, not ${stepHours}`,
    );
  }
  return {
    stepHours,
    grid: { latitudeFirst: 90, latitudeLast: -90, latitudes: 721, longitudeFirst: 0, longitudes: 1440 },
    tensors: [
      { input: 'input', output: 'output', variables: ['z', 'q', 't', 'u', 'v'], levels: [...PANGU_LEVELS] },
      { input: 'input_surface', output: 'output_surface', variables: ['msl', 'u10', 'v10', 't2m'] },
    ],
    forcings: [],
  };
}

/** The value of a forcing input at a valid time (ms since 1970 UTC). */
export function forcingValue(kind: 'diurnal', time: number): Float32Array {
  const angle = (2 * Math.PI * (((time / 3_600_000) % 24) + 24)) / 24;
  return Float32Array.from([Math.sin(angle), Math.cos(angle)]);
}

/**
 * The manifest of a user's own `pangu_weather_<step>.onnx` (its licence, CC BY-NC-SA 4.0, forbids shipping
 * it with Strata): the exact input/output contract, raw SI units (geopotential, not height).
 *
 * @example
 * ```ts
 * const manifest = panguManifest(24, await sha256File('pangu_weather_24.onnx'), '/models/pangu_weather_24.onnx');
 * ```
 */
export function panguManifest(
  stepHours: 1 | 3 | 6 | 24,
  sha256: string,
  file = `pangu_weather_${stepHours}.onnx`,
): ModelManifestInput {
  return gridModelManifest({
    id: `pangu-weather-${stepHours}h`,
    version: '1.0',
    spec: panguSpec(stepHours),
    file,
    sha256,
    license: 'CC-BY-NC-SA-4.0',
    card: {
      description: `Pangu-Weather ${stepHours} h model (Bi et al., Nature 2023): 3-D Earth-specific transformer on the 0.25° ERA5 grid.`,
      trainingData: {
        name: 'ERA5',
        source: 'ECMWF ERA5 reanalysis',
        license: 'Copernicus licence',
        split: '1979-2017 train, 2019 test (per the paper)',
      },
      metrics: [],
      intendedUse: 'Research; the weights are CC BY-NC-SA 4.0 and are never shipped with Strata.',
    },
  });
}

/**
 * The manifest of a grid model: its inputs and outputs follow from the spec, which goes into
 * `preprocessing` for the rollout to read back.
 */
export function gridModelManifest(m: {
  readonly id: string;
  readonly version: string;
  readonly spec: GridModelSpec;
  readonly sha256: string;
  readonly license: string;
  readonly card: ModelManifestInput['card'];
  readonly file?: string;
}): ModelManifestInput {
  return {
    id: m.id,
    version: m.version,
    task: 'weather-forecast',
    file: m.file ?? 'model.onnx',
    sha256: m.sha256,
    license: m.license,
    ...gridModelIo(m.spec),
    preprocessing: m.spec,
    card: m.card,
  };
}
