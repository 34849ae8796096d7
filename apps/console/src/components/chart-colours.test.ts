import { describe, expect, it } from 'vitest';
import { PALETTE, withAlpha } from './chart-colours';

describe('chart colours', () => {
  it('are nine distinct ones, one for each model', () => {
    expect(new Set(PALETTE.map((c) => c.toLowerCase())).size).toBeGreaterThanOrEqual(9);
  });

  it('take an alpha', () => {
    expect(withAlpha('#332288', 0.5)).toBe('rgba(51, 34, 136, 0.5)');
  });
});
