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
export function packingOf(attrs: Readonly<Record<string, AttributeValue>>): Packing {
  const range = nums(attrs.valid_range);
  return {
    scale: nums(attrs.scale_factor)[0] ?? 1,
    offset: nums(attrs.add_offset)[0] ?? 0,
    missing: [...nums(attrs._FillValue), ...nums(attrs.missing_value)].filter((x) => !Number.isNaN(x)),
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
