import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { FORECASTERS } from '../models/registry.js';
import { checkStop, runStoppable } from './stop-check.js';

/** A long seasonal series: minutes of work for auto, ETS and ARIMA without a limit. */
const long = series(
  'long',
  Array.from({ length: 20_000 }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13)),
  { period: 24 },
);

describe('limits carried into the forecasters', () => {
  it('stop a fit inside its loops at the deadline, for every model that searches', () => {
    for (const method of ['auto', 'ets', 'arima'] as const) {
      let thrown: unknown;
      try {
        FORECASTERS[method](long, { h: 24, deadline: Date.now() + 200 });
      } catch (err) {
        thrown = err;
      }
      expect(isStrataError(thrown, 'DEADLINE_EXCEEDED')).toBe(true);
      expect((thrown as Error).message).toMatch(/passed its deadline \(\d{4}-/);
    }
  });

  it('stop on a signal or on a flag another thread sets, and nest', () => {
    const air = referenceSeries().find((r) => r.name === 'AirPassengers')!;
    const s = series('air', air.train, { period: 12 });
    const cancelled = new AbortController();
    cancelled.abort('enough');
    expect(() => FORECASTERS.ets(s, { h: 3, signal: cancelled.signal })).toThrow(/cancelled/);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let checks = 0;
    const counted = runStoppable({ flag }, () =>
      runStoppable({ deadline: Date.now() + 60_000 }, () => {
        for (; checks < 5; checks++) checkStop();
        Atomics.store(flag, 0, 1);
        try {
          checkStop();
        } catch (err) {
          return isStrataError(err, 'ABORTED');
        }
        return false;
      }),
    );
    expect(counted).toBe(true);
    expect(checks).toBe(5);
    // Outside the limits nothing stops.
    expect(() => checkStop()).not.toThrow();
  });
});
