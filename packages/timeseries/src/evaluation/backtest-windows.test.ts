import { describe, expect, it } from 'vitest';
import { naive } from '../models/baselines.js';
import { series } from '../series/series.js';
import { backtest } from './backtest.js';
import { defaultHorizon, planBacktest } from './backtest-windows.js';

const usAccDeaths = { id: 'USAccDeaths', length: 72, period: 12 };

describe('planning a backtest', () => {
  it('keeps the windows asked for when they fit', () => {
    expect(planBacktest(usAccDeaths, { h: 12, windows: 3 })).toEqual({
      h: 12,
      windows: 3,
      step: 12,
      note: null,
    });
  });

  it('without windows, takes as many as fit, up to 3, and says so', () => {
    // 72 values, 24 steps ahead: origins at 24 and 48 leave 13 or more to train on; a third at 0 does not.
    const plan = planBacktest(usAccDeaths, { h: 24 });
    expect(plan).toMatchObject({ h: 24, windows: 2, step: 24 });
    expect(plan.note).toMatch(/"USAccDeaths": 2 windows of 24 steps fit in its 72 values .* not 3/);
    expect(planBacktest(usAccDeaths, { h: 6 })).toEqual({ h: 6, windows: 3, step: 6, note: null });
  });

  it('without windows, shortens the horizon to one window where not one of h fits', () => {
    const plan = planBacktest(usAccDeaths, { h: 70 });
    // One window must leave 13 values (a season and one) to train on.
    expect(plan).toMatchObject({ h: 59, windows: 1, step: 59 });
    expect(plan.note).toMatch(/not one window of 70 steps fits .* so 1 window of 59 steps/);
  });

  it('refuses windows asked for that do not fit, saying what would', () => {
    expect(() => planBacktest(usAccDeaths, { h: 24, windows: 3 })).toThrow(
      /72 values: too few for 3 windows of 24 steps, 24 apart .*; 2 windows of 24 steps fit, or 3 windows of at most 19 steps/,
    );
    expect(() => planBacktest({ id: 'tiny', length: 13, period: 12 }, { h: 1 })).toThrow(
      /series "tiny" has 13 values: too few to backtest/,
    );
    expect(() => planBacktest(usAccDeaths, { h: 12, windows: 0 })).toThrow(/windows must be a whole number/);
  });

  it('is what backtest runs: every window planned trains on enough values', () => {
    for (const h of [1, 5, 12, 24, 30, 58, 59]) {
      const plan = planBacktest(usAccDeaths, { h });
      const s = series(
        'USAccDeaths',
        Array.from({ length: 72 }, (_, i) => 100 + (i % 12)),
        { period: 12 },
      );
      const { windows } = backtest(s, naive, plan);
      expect(windows).toHaveLength(plan.windows);
      expect(windows[0]!.cutoff).toBeGreaterThanOrEqual(13);
      expect(windows.at(-1)!.cutoff + plan.h).toBe(72);
    }
  });

  it('offers a horizon of two seasons, or one, or fewer steps, that 3 windows leave their training', () => {
    expect(defaultHorizon({ length: 144, period: 12 })).toBe(24);
    expect(defaultHorizon({ length: 72, period: 12 })).toBe(12);
    expect(defaultHorizon({ length: 108, period: 4 })).toBe(8);
    expect(defaultHorizon({ length: 100, period: 1 })).toBe(10);
    expect(defaultHorizon({ length: 20, period: 12 })).toBe(2);
    expect(defaultHorizon({ length: 3, period: 1 })).toBe(1);
    for (const length of [16, 20, 40, 49, 72, 144])
      expect(
        planBacktest({ id: 's', length, period: 12 }, { h: defaultHorizon({ length, period: 12 }) }).note,
      ).toBeNull();
  });
});
