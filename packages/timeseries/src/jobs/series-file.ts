import type { Frequency } from '../series/frequency.js';
import type { Series } from '../series/series.js';

/** What the file says of each series besides its numbers. */
type Head = { id: string; period: number; n: number; timestamps: boolean; frequency: Frequency | null }[];

/**
 * Series as bytes, for a forecast job's plan to hand each shard its own, or an API to hand a backtest
 * job a request's series (its `.series` input): a JSON head (id, period, length, frequency of each
 * series), then every series' values and timestamps as float64. The numbers are kept bit for bit
 * (JSON would turn -0 into 0 and NaN into null), so a job forecasts exactly the series that were
 * read. The float64s are in the platform's byte order: every platform Node runs on in practice is
 * little-endian, and the file stays among the machines of one deployment.
 *
 * @example
 * ```ts
 * writeFileSync('input.series', encodeSeries([air], new Map()));
 * ```
 */
export function encodeSeries(
  series: readonly Series[],
  frequencies: ReadonlyMap<string, Frequency>,
): Uint8Array {
  const head: Head = series.map((s) => ({
    id: s.id,
    period: s.period,
    n: s.values.length,
    timestamps: s.timestamps !== undefined,
    frequency: frequencies.get(s.id) ?? null,
  }));
  const json = new TextEncoder().encode(JSON.stringify(head));
  // The numbers start on an 8-byte boundary, so they can be copied out as Float64Arrays.
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const floats = series.reduce((n, s) => n + s.values.length * (s.timestamps ? 2 : 1), 0);
  const out = new Uint8Array(start + floats * 8);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  const numbers = new Float64Array(out.buffer, start, floats);
  let at = 0;
  for (const s of series) {
    numbers.set(s.values, at);
    at += s.values.length;
    if (s.timestamps) {
      numbers.set(s.timestamps, at);
      at += s.timestamps.length;
    }
  }
  return out;
}

/** The series and frequencies of {@link encodeSeries}'s bytes. */
export function decodeSeries(bytes: Uint8Array): {
  series: Series[];
  frequencies: Map<string, Frequency>;
} {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Head;
  let at = Math.ceil((4 + length) / 8) * 8;
  // Copied: a file's bytes may start anywhere in a shared buffer, where no Float64Array can view them
  // (and a Buffer's `slice` is a view, not a copy).
  const take = (n: number) => {
    const values = new Float64Array(n);
    new Uint8Array(values.buffer).set(bytes.subarray(at, at + n * 8));
    at += n * 8;
    return values;
  };
  const frequencies = new Map<string, Frequency>();
  const series = head.map((h): Series => {
    if (h.frequency) frequencies.set(h.id, h.frequency);
    const values = take(h.n);
    return { id: h.id, values, period: h.period, ...(h.timestamps ? { timestamps: take(h.n) } : {}) };
  });
  return { series, frequencies };
}
