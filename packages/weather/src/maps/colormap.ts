import { InvalidArgumentError } from '@strata/core';
import { RDBU, VIRIDIS } from './colormap-tables.js';

/** Colour maps: `viridis` (perceptually uniform, the default) and `rdbu` (diverging, for anomalies and errors). */
export type ColormapName = 'viridis' | 'rdbu';

const TABLES: Readonly<Record<ColormapName, Uint8Array>> = { viridis: VIRIDIS, rdbu: RDBU };

/** The RGB colour of `t` in [0, 1] (clamped) on a colour map. */
export function colourAt(name: ColormapName, t: number): [number, number, number] {
  const table = TABLES[name];
  if (!table)
    throw new InvalidArgumentError(
      'colormap',
      `unknown colour map "${name}"; use ${Object.keys(TABLES).join(' or ')}`,
    );
  const i = Math.max(0, Math.min(255, Math.round((Number.isFinite(t) ? t : 0) * 255))) * 3;
  return [table[i]!, table[i + 1]!, table[i + 2]!];
}

/** About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Math.round(v / step) * step);
  return ticks;
}
