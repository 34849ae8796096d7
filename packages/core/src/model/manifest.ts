import { z } from 'zod';
import { InvalidArgumentError, ModelError } from '../errors.js';
import { DTYPES, type DType } from '../tensor.js';

const name = z.string().min(1);
const dim = z.union([z.number().int().nonnegative(), z.string().min(1), z.null()]);

const tensorInfo = z.strictObject({
  name,
  dtype: z.enum(DTYPES as [DType, ...DType[]]),
  dims: z.array(dim),
  description: z.string().optional(),
});

const metric = z.strictObject({
  name,
  value: z.number(),
  /** Which data the metric was measured on (for bundled models: held-out data). */
  split: z.string().min(1),
  higherIsBetter: z.boolean().optional(),
  /** The same metric of a simple baseline (persistence, seasonal naive, a linear model). */
  baseline: z.strictObject({ name, value: z.number() }).optional(),
});

const card = z.strictObject({
  description: z.string().min(1),
  trainingData: z.strictObject({
    name,
    source: z.string().min(1),
    license: z.string().min(1).optional(),
    split: z.string().min(1),
  }),
  metrics: z.array(metric),
  intendedUse: z.string().optional(),
  limitations: z.string().optional(),
  /** The script in the repository that made the model. */
  trainingScript: z.string().optional(),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256 (64 characters)');

/** The zod schema of `model.json`. */
export const manifestSchema = z.strictObject({
  /** Stable id, also the registry key: lowercase letters, digits, `-`, `_` and `.`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"'),
  version: z.string().min(1),
  task: z.string().min(1),
  /** The ONNX file: relative to the manifest's folder, or an absolute path (a model kept elsewhere, such as a user's own Pangu-Weather file). */
  file: z.string().min(1).default('model.onnx'),
  sha256,
  /** External-data files the ONNX graph refers to, with their hashes. */
  externalData: z.array(z.strictObject({ file: z.string().min(1), sha256 })).default([]),
  license: z.string().min(1),
  inputs: z.array(tensorInfo).min(1),
  outputs: z.array(tensorInfo).min(1),
  /** Normalisation, variable order, grid, time step: whatever turns domain data into the inputs. */
  preprocessing: z.record(z.string(), z.unknown()).default({}),
  /** Parameters that turn the outputs into answers (denormalisation, labels, units). */
  postprocessing: z.record(z.string(), z.unknown()).default({}),
  card,
});

/** A validated model manifest (`model.json`). */
export type ModelManifest = z.output<typeof manifestSchema>;
/** What a `model.json` may hold before defaults are filled in. */
export type ModelManifestInput = z.input<typeof manifestSchema>;

/**
 * Validates a parsed `model.json`. Throws `MANIFEST_INVALID` naming the model (as far as known), the
 * first bad field and what is allowed there.
 *
 * @example
 * ```ts
 * const manifest = parseManifest(JSON.parse(text), 'models/esol/model.json');
 * ```
 */
export function parseManifest(json: unknown, where: string): ModelManifest {
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const id =
    typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string'
      ? (json as { id: string }).id
      : where;
  const issue = result.error.issues[0]!;
  const field = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  throw new ModelError(
    'MANIFEST_INVALID',
    `model "${id}": manifest field "${field || '(root)'}" is invalid: ${issue.message}`,
    {
      context: { modelId: id, field: field || '(root)', path: where },
      cause: result.error,
    },
  );
}

/**
 * Reads a manifest's `preprocessing` block with a domain's schema (a grid model, a property model):
 * defaults filled, or `INVALID_ARGUMENT` naming the model, what it was expected to be and the first
 * bad field.
 *
 * @example
 * ```ts
 * const spec = parsePreprocessing(manifest, gridModelSchema, 'a grid model');
 * ```
 */
export function parsePreprocessing<S extends z.ZodType>(
  manifest: Pick<ModelManifest, 'id' | 'preprocessing'>,
  schema: S,
  kind: string,
): z.output<S> {
  const parsed = schema.safeParse(manifest.preprocessing);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InvalidArgumentError(
    'preprocessing',
    `model "${manifest.id}" is not ${kind}: preprocessing.${issue.path.join('.')}: ${issue.message}`,
  );
}
