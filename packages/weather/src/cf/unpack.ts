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

/** Whether unpacking `layout` with `p` is a plain copy: no packing, no missing values, rows and columns in order. */
export function isPlainCopy(p: Packing, layout: Layout2D): boolean {
  const inOrder = (a: Int32Array) => a.every((x, i) => x === i);
  return (
    p.scale === 1 &&
    p.offset === 0 &&
    p.missing.length === 0 &&
    p.min === -Infinity &&
    p.max === Infinity &&
    layout.lonStride === 1 &&
    layout.latStride === layout.cols.length &&
    inOrder(layout.rows) &&
    inOrder(layout.cols)
  );
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

/**
 * Source columns as runs of consecutive indices: [source start, output start, length] triples. A
 * normalised longitude axis is at most a roll (two ascending runs) or a reversal, so the per-value loop
 * walks plain ranges instead of looking each column up.
 */
function columnRuns(cols: Int32Array, stride: number): { runs: Int32Array; step: number } {
  const step = cols.length > 1 && cols[1] === cols[0]! - 1 ? -1 : 1;
  const runs: number[] = [];
  for (let c = 0; c < cols.length;) {
    let n = 1;
    while (c + n < cols.length && cols[c + n] === cols[c]! + n * step) n++;
    runs.push(cols[c]! * stride, c, n);
    c += n;
  }
  return { runs: Int32Array.from(runs), step: step * stride };
}

function makeLoop(): Loop {
  return (values, p, layout, out) => {
    const { rows, cols, latStride, lonStride } = layout;
    const nLon = cols.length;
    const { scale, offset, min, max } = p;
    const [m0, m1] = [p.missing[0] ?? NaN, p.missing[1] ?? NaN];
    if (p.missing.length > 2) {
      const f = unpacker(p);
      for (let r = 0; r < rows.length; r++)
        for (let c = 0; c < nLon; c++)
          out[r * nLon + c] = f(values[rows[r]! * latStride + cols[c]! * lonStride]!);
      return;
    }
    const plain =
      scale === 1 && offset === 0 && p.missing.length === 0 && min === -Infinity && max === Infinity;
    const { runs, step } = columnRuns(cols, lonStride);
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r]! * latStride;
      const o = r * nLon;
      for (let k = 0; k < runs.length; k += 3) {
        const from = base + runs[k]!;
        const to = o + runs[k + 1]!;
        const n = runs[k + 2]!;
        if (plain && step === 1 && ArrayBuffer.isView(values)) {
          out.set((values as unknown as Float32Array).subarray(from, from + n), to);
          continue;
        }
        // Store, then overwrite the (rare) missing values: cheaper than choosing per value.
        for (let c = 0; c < n; c++) {
          const raw = values[from + c * step]!;
          out[to + c] = raw * scale + offset;
          if (raw === m0 || raw === m1 || raw < min || raw > max || raw !== raw) out[to + c] = NaN;
        }
      }
    }
  };
}
