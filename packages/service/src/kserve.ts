import { z } from 'zod';
import {
  DTYPES,
  InvalidArgumentError,
  tensor,
  type AnyTensor,
  type DType,
  type ModelManifest,
  type ModelSession,
} from '@strata/core';
import { route, type RequestExample, type RouteSpec } from './api.js';
import { HttpError } from './problem.js';

/** What the KServe routes need of a model registry (core's `ModelRegistry`). */
export interface InferenceRegistry {
  list(): { manifest: ModelManifest; loaded: boolean }[];
  manifest(id: string): ModelManifest;
  session(id: string): Promise<ModelSession>;
}

/** KServe v2 datatypes and Strata dtypes, both ways. */
const V2: Readonly<Record<DType, string>> = {
  float32: 'FP32',
  float16: 'FP16',
  float64: 'FP64',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  bool: 'BOOL',
  string: 'BYTES',
};
const DTYPE_OF: Readonly<Record<string, DType>> = Object.fromEntries(DTYPES.map((d) => [V2[d], d]));

const tensorIo = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().min(0)),
  datatype: z.enum(Object.values(V2) as [string, ...string[]]),
  data: z.array(z.union([z.number(), z.string(), z.boolean()])).describe('Flattened, row-major.'),
});

const inferRequest = z.object({
  id: z.string().max(200).optional(),
  inputs: z.array(tensorIo).min(1),
  outputs: z
    .array(z.object({ name: z.string().min(1) }))
    .optional()
    .describe('@defaultValue every output'),
});

const nameParams = z.object({ name: z.string().min(1).max(200) });

const shapeOf = (dims: readonly (string | number | null)[]) =>
  dims.map((d) => (typeof d === 'number' ? d : -1));

function toJson(t: AnyTensor): (number | string | boolean)[] {
  if (t.dtype === 'string') return t.data;
  if (t.dtype === 'bool') return Array.from(t.data, (v) => v !== 0);
  // int64 values beyond 2^53 lose precision in JSON numbers; KServe's JSON protocol has no other way.
  if (t.dtype === 'int64') return Array.from(t.data, Number);
  return Array.from(t.data);
}

/** What a value of each datatype must be, and the check: a client's data are checked before a tensor is made. */
const VALUES: Readonly<Record<DType, [string, (v: unknown) => boolean]>> = {
  float32: ['numbers', (v) => typeof v === 'number'],
  float16: ['numbers', (v) => typeof v === 'number'],
  float64: ['numbers', (v) => typeof v === 'number'],
  int32: [
    'whole numbers from -2^31 to 2^31-1',
    (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31,
  ],
  int64: ['whole numbers within ±(2^53-1)', (v) => Number.isSafeInteger(v)],
  uint8: [
    'whole numbers from 0 to 255',
    (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255,
  ],
  bool: ['booleans (or 0 and 1)', (v) => typeof v === 'boolean' || v === 0 || v === 1],
  string: ['strings', (v) => typeof v === 'string'],
};

function fromJson(input: z.infer<typeof tensorIo>, index: number): AnyTensor {
  const dtype = DTYPE_OF[input.datatype]!;
  const [allowed, ok] = VALUES[dtype];
  const at = input.data.findIndex((v) => !ok(v));
  if (at >= 0)
    throw new InvalidArgumentError(
      `inputs[${index}].data`,
      `input "${input.name}" is ${input.datatype}: its data must be ${allowed}, got ${JSON.stringify(input.data[at])} at ${at}`,
    );
  if (dtype === 'int64')
    return tensor(
      'int64',
      input.data.map((v) => BigInt(v as number)),
      input.shape,
    );
  if (dtype === 'string') return tensor('string', input.data.map(String), input.shape);
  if (dtype === 'bool')
    return tensor(
      'bool',
      input.data.map((v) => (v ? 1 : 0)),
      input.shape,
    );
  return tensor(dtype, input.data as number[], input.shape) as AnyTensor;
}

/** The registry's model with the fewest input values (dynamic axes taken as 1), for examples. */
function smallestModel(registry: InferenceRegistry): ModelManifest | undefined {
  const size = (m: ModelManifest) =>
    m.inputs.reduce((n, t) => n + t.dims.reduce<number>((k, d) => k * (typeof d === 'number' ? d : 1), 1), 0);
  return registry
    .list()
    .map((e) => e.manifest)
    .sort((a, b) => size(a) - size(b))[0];
}

/** Path parameters naming a model of this registry, when it has one. */
function modelExample(registry: InferenceRegistry): { example?: RequestExample } {
  const m = smallestModel(registry);
  return m ? { example: { params: { name: m.id } } } : {};
}

/**
 * The most values an inference example may carry: the document holds every one as JSON, and a
 * Pangu-class model's inputs (about 67 million values) would put hundreds of MB into `/openapi.json`.
 */
export const MAX_INFER_EXAMPLE_VALUES = 10_000;

/**
 * An inference request the registry's smallest model runs as it stands: every input of its declared
 * shape (dynamic axes 1, a batch of one), filled with zeros; none when it would hold more than
 * {@link MAX_INFER_EXAMPLE_VALUES} values.
 */
function inferExample(registry: InferenceRegistry): { example?: RequestExample } {
  const m = smallestModel(registry);
  if (!m) return {};
  const shaped = m.inputs.map((t) => {
    const shape = t.dims.map((d) => (typeof d === 'number' ? d : 1));
    return { t, shape, count: shape.reduce((a, b) => a * b, 1) };
  });
  // Checked before an array is made: the size alone says the example would be too big to send.
  if (shaped.reduce((n, s) => n + s.count, 0) > MAX_INFER_EXAMPLE_VALUES) return {};
  const zero = (dtype: DType) => (dtype === 'string' ? '' : dtype === 'bool' ? false : 0);
  const inputs = shaped.map(({ t, shape, count }) => ({
    name: t.name,
    shape,
    datatype: V2[t.dtype],
    data: new Array<unknown>(count).fill(zero(t.dtype)),
  }));
  return { example: { params: { name: m.id }, body: { inputs } } };
}

/**
 * The model layer over the KServe v2 REST protocol (as Triton and KServe serve it), so clients written
 * for those servers work unchanged: health, model metadata and readiness, and inference with JSON tensors.
 */
export function kserveRoutes(registry: InferenceRegistry): RouteSpec[] {
  const tags = ['KServe v2'];
  return [
    route({ method: 'get', path: '/v2/health/live', summary: 'Live', tags, handler: () => ({ live: true }) }),
    route({
      method: 'get',
      path: '/v2/health/ready',
      summary: 'Ready to infer',
      tags,
      handler: () => ({ ready: true }),
    }),
    route({
      method: 'get',
      path: '/v2/models/{name}',
      summary: 'A model’s metadata: versions, platform, inputs and outputs',
      tags,
      params: nameParams,
      errors: ['MODEL_NOT_FOUND'],
      ...modelExample(registry),
      handler: ({ params }) => {
        const m = registry.manifest(params.name);
        const io = (t: ModelManifest['inputs'][number]) => ({
          name: t.name,
          datatype: V2[t.dtype],
          shape: shapeOf(t.dims),
        });
        return {
          name: m.id,
          versions: [m.version],
          platform: 'onnxruntime_onnx',
          inputs: m.inputs.map(io),
          outputs: m.outputs.map(io),
        };
      },
    }),
    route({
      method: 'get',
      path: '/v2/models/{name}/ready',
      summary: 'Whether a model is loaded (it loads on its first inference)',
      tags,
      params: nameParams,
      errors: ['MODEL_NOT_FOUND'],
      ...modelExample(registry),
      handler: ({ params }) => {
        registry.manifest(params.name);
        return {
          name: params.name,
          ready: registry.list().some((e) => e.manifest.id === params.name && e.loaded),
        };
      },
    }),
    route({
      method: 'post',
      path: '/v2/models/{name}/infer',
      summary: 'Run a model on JSON tensors',
      tags,
      params: nameParams,
      body: inferRequest,
      // A missing model, inputs that do not fit it (named, typed and shaped as its manifest says), a failed run.
      errors: [
        'MODEL_NOT_FOUND',
        'INVALID_ARGUMENT',
        'FEED_MISSING',
        'FEED_UNKNOWN',
        'FEED_DTYPE',
        'FEED_SHAPE',
        'MODEL_LOAD_FAILED',
        'INFERENCE_FAILED',
        'ABORTED',
      ],
      ...inferExample(registry),
      handler: async ({ params, body, signal }) => {
        const manifest = registry.manifest(params.name);
        const feeds = Object.fromEntries(body.inputs.map((input, i) => [input.name, fromJson(input, i)]));
        const results = await (await registry.session(params.name)).run(feeds, { signal });
        const wanted = body.outputs?.map((o) => o.name) ?? Object.keys(results);
        const unknown = wanted.find((n) => !(n in results));
        if (unknown !== undefined)
          throw new HttpError(
            'VALIDATION_FAILED',
            `body.outputs: model "${params.name}" has no output "${unknown}"`,
            {
              extra: { field: 'body.outputs' },
            },
          );
        return {
          model_name: manifest.id,
          model_version: manifest.version,
          ...(body.id !== undefined ? { id: body.id } : {}),
          outputs: wanted.map((name) => {
            const t = results[name]!;
            return { name, datatype: V2[t.dtype], shape: [...t.dims], data: toJson(t) };
          }),
        };
      },
    }),
  ];
}
