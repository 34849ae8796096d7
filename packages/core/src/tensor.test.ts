import { describe, expect, it } from 'vitest';
import { isStrataError } from './errors.js';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';
import { concat0, split0, tensor, zeros } from './tensor.js';

describe('tensor', () => {
  it('copies plain arrays into the dtype storage', () => {
    expect(tensor('int64', [1, 2], [2]).data).toEqual(BigInt64Array.from([1n, 2n]));
    expect(tensor('bool', [true, false], [2]).data).toEqual(Uint8Array.from([1, 0]));
    expect(tensor('float16', [0.5], [1]).data).toEqual(Float32Array.from([0.5]));
  });

  it('names the argument and values it refuses', () => {
    expect(() => tensor('float32', [1, 2, 3], [2, 2])).toThrow('data has 3 elements but dims [2, 2] need 4');
    expect(() => tensor('float32', [1], [1.5])).toThrow('dims must be non-negative integers, got [1.5]');
    expect(() => tensor('float32', new Float64Array(1) as never, [1])).toThrow(
      /needs a Float32Array, got a Float64Array/,
    );
    try {
      tensor('string', [1] as never, [1]);
    } catch (err) {
      expect(isStrataError(err, 'INVALID_ARGUMENT') && err.context.argument).toBe('data');
    }
  });

  it('concatenates and splits along axis 0', () => {
    const a = tensor('float32', [1, 2], [1, 2]);
    const b = tensor('float32', [3, 4, 5, 6], [2, 2]);
    const c = concat0([a, b]);
    expect(c).toEqual({ dtype: 'float32', dims: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(split0(c, [1, 2])).toEqual([a, b]);
    expect(
      split0(concat0([tensor('string', ['a'], [1]), tensor('string', ['b', 'c'], [2])]), [2, 1])[1]!.data,
    ).toEqual(['c']);
    expect(() => concat0([a, tensor('float32', [1, 2, 3], [1, 3])])).toThrow(/equal trailing dims/);
    expect(zeros('string', [2]).data).toEqual(['', '']);
  });
});

describe('float16', () => {
  it('round-trips exactly representable values and special values', () => {
    for (const v of [0, -0, 1, -2.5, 65504, 6.103515625e-5, 5.960464477539063e-8, Infinity, -Infinity]) {
      expect(Object.is(fromFloat16Bits(toFloat16Bits(v)), v)).toBe(true);
    }
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even, and saturates to infinity', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: stays on the even 1.0
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: rounds up to even
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(1e-8)).toBe(0);
    expect(Array.from(decodeFloat16(encodeFloat16([0.1, 1000.3])))).toEqual([0.0999755859375, 1000.5]);
  });
});
