import {
  InvalidArgumentError,
  parsePreprocessing,
  type ModelManifest,
  type ModelSession,
} from '@strata/core';
import { z } from 'zod';
import { FEATURE_SETS, featureLength } from './features.js';

/** The zod schema of a property model's `preprocessing` block. */
export const propertyModelSchema = z.strictObject({
  /** The feature set its input takes (see `FEATURE_SETS`). */
  features: z.enum(Object.keys(FEATURE_SETS) as [keyof typeof FEATURE_SETS]),
  /** Whether features are computed on the standardised parent (salts stripped, neutralised). */
  standardise: z.boolean().default(true),
  /**
   * One entry per column of the output: its name, whether it is a value or a probability, and how
   * people see it (a label such as `Aqueous solubility`, units such as `log10(mol/L)`).
   */
  tasks: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        kind: z.enum(['regression', 'probability']),
        label: z.string().min(1).optional(),
        units: z.string().optional(),
      }),
    )
    .min(1),
});

/** What a property model takes and gives. */
export type PropertyModelSpec = z.output<typeof propertyModelSchema>;

/** Reads a property model's description from its manifest; throws `INVALID_ARGUMENT` naming the field. */
export function propertyModelSpec(manifest: Pick<ModelManifest, 'id' | 'preprocessing'>): PropertyModelSpec {
  return parsePreprocessing(manifest, propertyModelSchema, 'a property model');
}

/**
 * A molecular property model (ESOL solubility, Tox21 toxicity, your own) on the core ONNX runner: a
 * batch of feature vectors in, one row of task values out per molecule.
 *
 * @example
 * ```ts
 * const model = new PropertyModel('esol-solubility', propertyModelSpec(manifest), session);
 * const [row] = await model.predict([featureVector(mol, model.spec.features)]); // [-1.7]
 * ```
 */
export class PropertyModel {
  private readonly width: number;

  constructor(
    readonly id: string,
    readonly spec: PropertyModelSpec,
    private readonly session: ModelSession,
  ) {
    this.width = featureLength(spec.features);
  }

  /** Predictions for a batch of feature vectors: one array of task values per vector. */
  async predict(
    features: readonly Float32Array[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Float32Array[]> {
    if (!features.length) return [];
    const input = new Float32Array(features.length * this.width);
    features.forEach((f, i) => {
      if (f.length !== this.width)
        throw new InvalidArgumentError(
          'features',
          `model "${this.id}" takes ${this.width} features, got ${f.length}`,
        );
      input.set(f, i * this.width);
    });
    const [inName] = this.session.inputs.map((i) => i.name);
    const [outName] = this.session.outputs.map((o) => o.name);
    const out = await this.session.run(
      { [inName!]: { dtype: 'float32', dims: [features.length, this.width], data: input } },
      options,
    );
    const data = out[outName!]!.data as Float32Array;
    const tasks = this.spec.tasks.length;
    return features.map((_, i) => data.slice(i * tasks, (i + 1) * tasks));
  }
}
