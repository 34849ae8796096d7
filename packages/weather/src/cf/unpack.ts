import type { AttributeValue } from '../sources/raw-dataset.js';

/** CF packing and missing-value attributes of a variable, ready to apply. */
export interface Packing {
  readonly scale: number;
  readonly offset: number;
  /** Raw values that mean "missing" (`_FillValue`, `missing_value`). */
  readonly missing: readonly number[];
  /** Raw values outside `[min, max]` are missing (`valid_range`, `valid_min`, `valid_max`). */
  readonly min: number;
  readonly max: number;
}

const nums = (v: AttributeValue | undefined): number[] =>
  typeof v === 'number' ? [v] : Array.isArray(v) ? (v as number[]).filter((x) => typeof x === 'number') : [];

/** Reads `scale_factor`, `add_offset`, `_FillValue`, `missing_value` and the valid range. */
export function packingOf(attrs: Readonly<Record<string, AttributeValue>>, type = 'float64'): Packing {
  const range = nums(attrs.valid_range);
  // A missing value stored as a double for float data must be compared as the float the data hold.
  const asStored = type === 'float32' ? Math.fround : (x: number) => x;
  return {
    scale: nums(attrs.scale_factor)[0] ?? 1,
    offset: nums(attrs.add_offset)[0] ?? 0,
    missing: [...nums(attrs._FillValue), ...nums(attrs.missing_value)]
      .filter((x) => !Number.isNaN(x))
      .map(asStored),
    min: range[0] ?? nums(attrs.valid_min)[0] ?? -Infinity,
    max: range[1] ?? nums(attrs.valid_max)[0] ?? Infinity,
  };
}

/**
 * Unpacks one raw value: missing values (and NaN) become NaN, the rest `raw * scale + offset`. The
 * comparison is made on the raw, packed value, as CF requires.
 */
export function unpacker(p: Packing): (raw: number) => number {
  const { scale, offset, missing, min, max } = p;
  const [m0, m1] = [missing[0] ?? NaN, missing[1] ?? NaN];
  if (missing.length <= 2) {
    return (raw) =>
      raw === m0 || raw === m1 || raw < min || raw > max || raw !== raw ? NaN : raw * scale + offset;
  }
  const set = new Set(missing);
  return (raw) => (set.has(raw) || raw < min || raw > max || raw !== raw ? NaN : raw * scale + offset);
}

/** Where each output value comes from: row/column permutations and the strides of the source slab. */
export interface Layout2D {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly latStride: number;
  readonly lonStride: number;
}

/**
 * Unpacks a raw 2-D slab into `out` in the model's row and column order, in one pass: the per-value
 * work of the reader's hot loop, kept free of calls (and a plain copy when nothing needs undoing).
 */
export function unpackInto(values: ArrayLike<number>, p: Packing, layout: Layout2D, out: Float32Array): void {
  // One loop closure per storage type keeps each loop's element access monomorphic (several times faster
  // than one loop that sees Int16Array, Float32Array and Float64Array in turn).
  const key = (values as object).constructor;
  let loop = LOOPS.get(key);
  if (!loop) LOOPS.set(key, (loop = makeLoop()));
  loop(values, p, layout, out);
}

type Loop = (values: ArrayLike<number>, p: Packing, layout: Layout2D, out: Float32Array) => void;
const LOOPS = new Map<unknown, Loop>();

function makeLoop(): Loop {
  return (values, p, layout, out) => {
    const { rows, cols, latStride, lonStride } = layout;
    const nLon = cols.length;
    const { scale, offset, min, max } = p;
    const [m0, m1] = [p.missing[0] ?? NaN, p.missing[1] ?? NaN];
    const plain =
      scale === 1 && offset === 0 && p.missing.length === 0 && min === -Infinity && max === Infinity;
    const identity = lonStride === 1 && cols.every((c, i) => c === i);
    if (p.missing.length > 2) {
      const f = unpacker(p);
      for (let r = 0; r < rows.length; r++)
        for (let c = 0; c < nLon; c++)
          out[r * nLon + c] = f(values[rows[r]! * latStride + cols[c]! * lonStride]!);
      return;
    }
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r]! * latStride;
      const o = r * nLon;
      if (plain && identity && ArrayBuffer.isView(values)) {
        out.set((values as unknown as Float32Array).subarray(base, base + nLon), o);
      } else if (identity) {
        for (let c = 0; c < nLon; c++) {
          const raw = values[base + c]!;
          out[o + c] =
            raw === m0 || raw === m1 || raw < min || raw > max || raw !== raw ? NaN : raw * scale + offset;
        }
      } else {
        for (let c = 0; c < nLon; c++) {
          const raw = values[base + cols[c]! * lonStride]!;
          out[o + c] =
            raw === m0 || raw === m1 || raw < min || raw > max || raw !== raw ? NaN : raw * scale + offset;
        }
      }
    }
  };
}
