import { describe, expect, it } from 'vitest';
import { referenceSeries } from '../testing/reference.js';
import {
  applySeasonal,
  contextWindow,
  fromModelSpace,
  modelTargets,
  prepareHistory,
  seasonalAdjustment,
  toModelSpace,
  windowScale,
} from './windows.js';

const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;
const spec = { context: 16, scaling: 'standard', seasonality: 'classical' } as const;

describe('windows and scaling of a neural forecaster', () => {
  it('scale each window by its own mean absolute value or mean and deviation', () => {
    expect(windowScale([2, -4, 6], 'mean-absolute')).toEqual({ loc: 0, scale: 4 });
    const s = windowScale([1, 2, 3], 'standard');
    expect(s.loc).toBe(2);
    expect(s.scale).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(windowScale([5, 7], 'none')).toEqual({ loc: 0, scale: 1 });
    // A flat window: floored scale, so it scales to zeros; all zeros: scale 1.
    expect(windowScale([3, 3, 3], 'standard')).toEqual({ loc: 3, scale: 3e-6 });
    expect(windowScale([0, 0], 'mean-absolute')).toEqual({ loc: 0, scale: 1 });
  });

  it('take the last `context` values, and left-pad a short history with its first value, masked', () => {
    const long = contextWindow([9, 9, 1, 2, 3], { context: 3, scaling: 'none' });
    expect(Array.from(long.input)).toEqual([1, 2, 3]);
    expect(Array.from(long.mask)).toEqual([1, 1, 1]);
    const short = contextWindow([5, 6, 7], { context: 5, scaling: 'mean-absolute' });
    expect(Array.from(short.mask)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(short.input)).toEqual(Array.from(Float32Array.from([5, 5, 5, 6, 7], (v) => v / 6)));
    // The scale comes from the observed values only.
    expect(short.scale).toBe(6);
  });

  it('undo the scaling exactly (up to float32) on the way back', () => {
    const w = contextWindow(air.train, spec);
    const future = air.test.subarray(0, 5);
    const back = fromModelSpace(toModelSpace(future, w), w);
    back.forEach((v, i) => expect(v).toBeCloseTo(future[i]!, 3));
    // The context itself round-trips too.
    const last = fromModelSpace(w.input, w);
    last.forEach((v, i) => expect(v).toBeCloseTo(air.train[air.train.length - 16 + i]!, 3));
  });

  it('adjust a seasonal history as thetaf does, multiplicative when positive, additive otherwise', () => {
    const adj = seasonalAdjustment(air.train, 12, 'classical');
    expect(adj.kind).toBe('multiplicative');
    expect(adj.figure.reduce((a, v) => a + v, 0) / 12).toBeCloseTo(1, 12);
    // July (index 6, the series starts in January) is the busiest month.
    expect(Math.max(...adj.figure)).toBe(adj.figure[6]);
    const shifted = air.train.map((v) => v - 300);
    expect(seasonalAdjustment(shifted, 12, 'classical').kind).toBe('additive');
    expect(seasonalAdjustment(air.train, 12, 'none').kind).toBe('none');
    expect(seasonalAdjustment(air.train, 1, 'classical').kind).toBe('none');
    // Fewer than two seasons and a bit: the test cannot tell, so no adjustment.
    expect(seasonalAdjustment(air.train.subarray(0, 24), 12, 'classical').kind).toBe('none');
    const x = air.train.subarray(0, 30);
    const there = applySeasonal(applySeasonal(x, adj, 5, 1), adj, 5, -1);
    there.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 10));
  });

  it('give training targets in exactly the space the forecaster unscales from', () => {
    const p = prepareHistory(air.train, 12, spec);
    const future = air.test;
    const z = modelTargets(future, p);
    const back = applySeasonal(fromModelSpace(z, p.window), p.adjustment, air.train.length, -1);
    back.forEach((v, i) => expect(v).toBeCloseTo(future[i]!, 2));
    // The seasonal phase continues from the end of the history: targets are adjusted, not raw.
    expect(p.adjusted[p.adjusted.length - 1]).toBeCloseTo(air.train.at(-1)! / p.adjustment.figure[11]!, 10);
  });
});
