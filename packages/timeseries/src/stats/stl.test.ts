import { describe, expect, it } from 'vitest';
import { referenceSeries } from '../testing/reference.js';
import { seasonalStrength, stl } from './stl.js';
import { kpssDifferences, kpssStatistic } from './unit-root.js';

const train = (name: string) => referenceSeries().find((r) => r.name === name)!.train;

describe('STL and the unit-root tests against R', () => {
  it("decomposes AirPassengers (to 1958) as R's stl(x, s.window = 11)", () => {
    const { seasonal, trend, remainder } = stl(train('AirPassengers'), 12, { sWindow: 11 });
    // R 4.2: stl(window(AirPassengers, end = c(1958, 12)), s.window = 11)$time.series[1:3, ]
    expect(seasonal[0]).toBeCloseTo(-16.1912593377412, 10);
    expect(seasonal[1]).toBeCloseTo(-15.2056115271324, 10);
    expect(seasonal[6]).toBeCloseTo(37.4288347203049, 10);
    const x = train('AirPassengers');
    for (let t = 0; t < x.length; t++) expect(seasonal[t]! + trend[t]! + remainder[t]!).toBeCloseTo(x[t]!, 9);
  });

  it("measures seasonal strength as forecast's seas.heuristic", () => {
    expect(seasonalStrength(train('AirPassengers'), 12)).toBeCloseTo(0.9269731, 6);
    expect(seasonalStrength(train('UKgas').subarray(0, 100), 4)).toBeCloseTo(0.9773617, 6);
  });

  it("computes urca's KPSS statistic and ndiffs' number of differences", () => {
    const air = train('AirPassengers');
    expect(kpssStatistic(air, Math.trunc((3 * Math.sqrt(air.length)) / 13))).toBeCloseTo(3.589423, 5);
    expect(kpssDifferences(air)).toBe(1);
    expect(kpssDifferences(new Float64Array(50).fill(3))).toBe(0);
  });
});
