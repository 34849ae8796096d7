import { describe, expect, it } from 'vitest';
import { planRuns, stepsTo } from './hta.js';

describe('hierarchical temporal aggregation', () => {
  it('reaches a lead with the largest steps first', () => {
    expect(stepsTo(56, [1, 3, 6, 24])).toEqual([24, 24, 6, 1, 1]);
    expect(stepsTo(240, [24, 6, 3, 1])).toEqual(Array<number>(10).fill(24));
    expect(stepsTo(9, [24, 6, 3, 1])).toEqual([6, 3]);
  });

  it('makes longer chains with fewer models, and names leads it cannot reach', () => {
    expect(stepsTo(56, [24, 1])).toEqual([24, 24, ...Array<number>(8).fill(1)]);
    expect(stepsTo(30, [6])).toEqual([6, 6, 6, 6, 6]);
    expect(() => stepsTo(56, [24, 6])).toThrow(
      'lead 56 h cannot be reached with 24, 6 h models (2 h left over)',
    );
    expect(() => stepsTo(0, [24])).toThrow(/positive whole number/);
  });

  it('shares chains between leads: each model continues from its own state', () => {
    // 6-hourly output to 48 h, as Pangu's own inference does it: 6, 12, 18 by the 6 h model, 24 by the
    // 24 h model from the start, 30..42 by the 6 h model from 24, 48 by the 24 h model from 24.
    const runs = planRuns([6, 12, 18, 24, 30, 36, 42, 48], [24, 6]);
    expect(runs.map((r) => `${r.lead}:${r.stepHours}`)).toEqual([
      '6:6',
      '12:6',
      '18:6',
      '24:24',
      '30:6',
      '36:6',
      '42:6',
      '48:24',
    ]);
    expect(runs.map((r) => r.to.join('+'))).toContain('24+24');
  });

  it('continues from stored states, recomputing only what was never stored (a resumed rollout)', () => {
    expect(planRuns([54], [24, 6], new Set(['24,24'])).map((r) => r.to.join(','))).toEqual(['24,24,6']);
    // 30 h was stored but 24 h and 48 h never were: 54 h starts over from the initial state.
    expect(planRuns([54], [24, 6], new Set(['24,6'])).map((r) => r.to.join(','))).toEqual([
      '24',
      '24,24',
      '24,24,6',
    ]);
  });
});
