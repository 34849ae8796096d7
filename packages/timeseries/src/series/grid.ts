import { SeriesError } from '../errors.js';
import { advance, frequencyName, inferFrequency, type Frequency } from './frequency.js';
import type { RowGroup } from './row-groups.js';

/** With `missing: 'interpolate'`, a series may fill at most this many grid slots per value it has. */
export const MAX_SLOTS_PER_VALUE = 10;

const iso = (t: number) => new Date(t).toISOString();

/** A series' points on its frequency's grid: the values (NaN where missing), their times, the frequency. */
export interface Gridded {
  readonly values: Float64Array;
  readonly times: Float64Array;
  readonly frequency: Frequency;
}

/** The rows sorted by time (copied), refusing two values at one time. */
function sorted(id: string, g: RowGroup): { t: Float64Array; v: Float64Array } {
  let inOrder = true;
  for (let i = 1; i < g.t.length && inOrder; i++) inOrder = g.t[i - 1]! <= g.t[i]!;
  const order = Uint32Array.from(g.t.keys());
  if (!inOrder) order.sort((a, b) => g.t[a]! - g.t[b]!);
  const t = Float64Array.from(order, (i) => g.t[i]!);
  const v = Float64Array.from(order, (i) => g.v[i]!);
  for (let i = 1; i < t.length; i++)
    if (t[i] === t[i - 1])
      throw new SeriesError('SERIES_FORMAT', `series "${id}" has two values at ${iso(t[i]!)}`, {
        context: { series: id, at: iso(t[i]!) },
      });
  return { t, v };
}

/** The grid slot of time `t` counted from `t0`, or -1 when `t` is off the grid. */
function slotOf(t0: number, f: Frequency, t: number): number {
  let k: number;
  if (f.kind === 'fixed') k = (t - t0) / f.ms;
  else {
    const [a, b] = [new Date(t0), new Date(t)];
    k = ((b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth()) / f.months;
  }
  return Number.isInteger(k) && advance(t0, f, k) === t ? k : -1;
}

function irregular(id: string, f: Frequency, t0: number, t: number): SeriesError {
  // The first grid time at or after t, as a walk along the grid would have expected.
  let k = f.kind === 'fixed' ? Math.ceil((t - t0) / f.ms) : 0;
  if (f.kind === 'months') while (advance(t0, f, k) < t) k++;
  return new SeriesError(
    'SERIES_IRREGULAR',
    `series "${id}" is irregular: ${iso(t)} is not on its ${frequencyName(f)} grid (expected ${iso(advance(t0, f, k))})`,
    { context: { series: id, at: iso(t) } },
  );
}

/**
 * Lays one series' rows on the regular grid of its frequency (the smallest gap between its times)
 * without walking the grid: each time's slot is computed, so a gap of a billion steps costs nothing
 * until it would be filled. A time off the grid is `SERIES_IRREGULAR`; with `missing: 'error'` a
 * missing slot or value is `SERIES_MISSING_VALUE` naming the first; with `'interpolate'` a grid of
 * more than {@link MAX_SLOTS_PER_VALUE} slots per value is refused before it is allocated.
 */
export function layOnGrid(id: string, rows: RowGroup, missing: 'error' | 'interpolate'): Gridded {
  const { t, v } = sorted(id, rows);
  const n = t.length;
  const frequency = inferFrequency(t);
  if (!frequency)
    throw new SeriesError('SERIES_TOO_SHORT', `series "${id}" has ${n} value: a series needs two`, {
      context: { series: id },
    });
  const t0 = t[0]!;
  const slots = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    slots[i] = slotOf(t0, frequency, t[i]!);
    if (slots[i]! < 0) throw irregular(id, frequency, t0, t[i]!);
  }
  const length = slots[n - 1]! + 1;
  const nan = v.reduce((c, x) => (Number.isFinite(x) ? c : c + 1), 0);
  const gaps = length - n + nan;
  if (gaps && missing === 'error') {
    let first = 0;
    while (first < n && slots[first] === first && Number.isFinite(v[first]!)) first++;
    const at = iso(advance(t0, frequency, first));
    throw new SeriesError(
      'SERIES_MISSING_VALUE',
      `series "${id}" has no value at ${at}${gaps > 1 ? ` (and ${gaps - 1} more)` : ''}: fill it, or read with missing: 'interpolate'`,
      { context: { series: id, at } },
    );
  }
  if (length === n) return { values: v, times: t, frequency };
  if (length > MAX_SLOTS_PER_VALUE * n)
    throw new SeriesError(
      'SERIES_MISSING_VALUE',
      `series "${id}" has ${n} values over ${length} steps of its ${frequencyName(frequency)} grid: too sparse to interpolate (at most ${MAX_SLOTS_PER_VALUE} steps a value)`,
      { context: { series: id } },
    );
  const values = new Float64Array(length).fill(NaN);
  for (let i = 0; i < n; i++) values[slots[i]!] = v[i]!;
  const times = Float64Array.from({ length }, (_, k) => advance(t0, frequency, k));
  return { values, times, frequency };
}
