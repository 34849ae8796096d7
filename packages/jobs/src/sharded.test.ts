import { describe, expect, it } from 'vitest';
import { shardRanges } from './sharded.js';

describe('shardRanges', () => {
  it('covers the units in order, the last range shorter, and none for nothing', () => {
    expect(shardRanges(7, 3)).toEqual([
      { first: 0, units: 3 },
      { first: 3, units: 3 },
      { first: 6, units: 1 },
    ]);
    expect(shardRanges(6, 3).map((r) => r.units)).toEqual([3, 3]);
    expect(shardRanges(0, 3)).toEqual([]);
  });

  it('refuses a size that is not a whole number of at least 1, naming it', () => {
    for (const size of [0, -2, 1.5, Number.NaN])
      expect(() => shardRanges(10, size)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => shardRanges(10, 0)).toThrow('shardSize must be a whole number ≥ 1, got 0');
  });
});
