import type { Dim, TensorInfo } from '../backend.js';
import { FeedError } from '../errors.js';
import { sizeOf, type TensorMap } from '../tensor.js';

const fmt = (dims: readonly (Dim | undefined)[]) =>
  `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/**
 * Checks feeds against declared inputs before a run: every input present and no unknown ones, the
 * declared dtype, the declared rank, fixed dimensions equal, one size per named dynamic axis across
 * all inputs, and data length equal to the product of the dims. Throws a {@link FeedError} naming the
 * input, the expected and the actual value.
 *
 * @example
 * ```ts
 * validateFeeds(session.inputs, { x: tensor('float32', [1, 2], [1, 2]) }, 'my-model');
 * ```
 */
export function validateFeeds(inputs: readonly TensorInfo[], feeds: TensorMap, modelId?: string): void {
  const prefix = modelId ? `model "${modelId}": ` : '';
  const ctx = (input: string, expected: unknown, actual: unknown) =>
    modelId === undefined ? { input, expected, actual } : { input, expected, actual, modelId };
  const declared = new Set(inputs.map((i) => i.name));
  for (const name of Object.keys(feeds)) {
    if (!declared.has(name)) {
      const expected = [...declared];
      throw new FeedError(
        'FEED_UNKNOWN',
        `${prefix}feed "${name}" is not an input; inputs are ${expected.join(', ')}`,
        {
          context: ctx(name, expected, name),
        },
      );
    }
  }
  const axes = new Map<string, { size: number; input: string }>();
  for (const info of inputs) {
    const t = feeds[info.name];
    if (!t) {
      throw new FeedError('FEED_MISSING', `${prefix}input "${info.name}" is missing`, {
        context: ctx(info.name, `${info.dtype}${fmt(info.dims)}`, undefined),
      });
    }
    if (t.dtype !== info.dtype) {
      throw new FeedError(
        'FEED_DTYPE',
        `${prefix}input "${info.name}" must be ${info.dtype}, got ${t.dtype}`,
        { context: ctx(info.name, info.dtype, t.dtype) },
      );
    }
    if (t.dims.length !== info.dims.length) {
      throw new FeedError(
        'FEED_SHAPE',
        `${prefix}input "${info.name}" must have rank ${info.dims.length} ${fmt(info.dims)}, got rank ${t.dims.length} ${fmt(t.dims)}`,
        { context: ctx(info.name, info.dims, t.dims) },
      );
    }
    info.dims.forEach((want, axis) => {
      const got = t.dims[axis]!;
      const bad = (expected: string) =>
        new FeedError(
          'FEED_SHAPE',
          `${prefix}input "${info.name}" dimension ${axis} must be ${expected}, got ${got} (shape ${fmt(t.dims)}, expected ${fmt(info.dims)})`,
          { context: ctx(info.name, info.dims, t.dims) },
        );
      if (typeof want === 'number' && got !== want) throw bad(String(want));
      if (typeof want === 'string') {
        const seen = axes.get(want);
        if (seen && seen.size !== got) throw bad(`${seen.size} (axis "${want}" as in input "${seen.input}")`);
        if (!seen) axes.set(want, { size: got, input: info.name });
      }
    });
    if (t.data.length !== sizeOf(t.dims)) {
      throw new FeedError(
        'FEED_SHAPE',
        `${prefix}input "${info.name}" has ${t.data.length} elements but its dims ${fmt(t.dims)} need ${sizeOf(t.dims)}`,
        { context: ctx(info.name, sizeOf(t.dims), t.data.length) },
      );
    }
  }
}
