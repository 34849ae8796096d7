import { describe, expect, it } from 'vitest';
import type { Frequency } from '../series/frequency.js';
import type { Series } from '../series/series.js';
import { decodeSeries, encodeSeries } from './series-file.js';

describe('series files', () => {
  it('keep every number bit for bit, with the period, timestamps and frequency of each series', () => {
    const series: Series[] = [
      {
        id: 'a, "quoted" é',
        values: Float64Array.from([-0, 1.1, NaN, Infinity, -1e-300, 5e-324]),
        period: 12,
        timestamps: Float64Array.from([0, 1, 2, 3, 4, 5].map((k) => Date.UTC(2000, k, 1))),
      },
      { id: 'no timestamps', values: Float64Array.from([3, 2, 1]), period: 1 },
      { id: 'empty', values: new Float64Array(0), period: 7, timestamps: new Float64Array(0) },
    ];
    const frequencies = new Map<string, Frequency>([
      ['a, "quoted" é', { kind: 'months', months: 1 }],
      ['empty', { kind: 'fixed', ms: 86_400_000 }],
    ]);
    const bytes = encodeSeries(series, frequencies);
    // Read back from a Buffer whose bytes start at an odd offset, as a pooled file read may give them.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const back = decodeSeries(Buffer.from(shifted.buffer, 3, bytes.length));
    expect(back.frequencies).toEqual(frequencies);
    expect(back.series.map((s) => [s.id, s.period, s.timestamps !== undefined])).toEqual(
      series.map((s) => [s.id, s.period, s.timestamps !== undefined]),
    );
    const bits = (a: Float64Array | undefined) => a && new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    back.series.forEach((s, i) => {
      expect(bits(s.values)).toEqual(bits(series[i]!.values));
      expect(bits(s.timestamps)).toEqual(bits(series[i]!.timestamps));
    });
    expect(Object.is(back.series[0]!.values[0], -0)).toBe(true);
    expect(decodeSeries(encodeSeries([], new Map()))).toEqual({ series: [], frequencies: new Map() });
  });
});
