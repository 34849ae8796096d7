import type { GridField } from '../grid-source.js';
import { colourAt, niceTicks, type ColormapName } from './colormap.js';

/** What a map's title and colour bar say, for a client that draws them itself (in its own type). */
export interface MapLegend {
  /** The title: variable, level and valid time (UTC). */
  readonly title: string;
  /** The colour scale's ends: values at or past them take the end colours. */
  readonly min: number;
  readonly max: number;
  readonly units: string;
  /** Round values on the scale, with their labels and their place on it (0 at `min`, 1 at `max`). */
  readonly ticks: readonly { readonly value: number; readonly label: string; readonly at: number }[];
  /** The colour map as CSS colours evenly spaced from `min` to `max` (a `linear-gradient`'s stops). */
  readonly colours: readonly string[];
}

/** What a legend is made from: the map's options that change it. */
export interface LegendOptions {
  readonly title?: string;
  readonly colormap?: ColormapName;
  readonly min?: number;
  readonly max?: number;
  readonly units?: string;
  /** The colour bar's length in pixels: a tick every 90 or so. @defaultValue `540` */
  readonly width?: number;
}

/** Stops of a legend's gradient: enough that a straight blend between them matches the map's colours. */
const STOPS = 17;

/**
 * The title and colour bar of a map of `field`, as `renderMap` draws them with the same options and a
 * colour bar `width` pixels long: the scale's limits (the field's finite range unless given), its
 * units, round ticks and the colour map. For the legend of an image as drawn, take `drawMap`'s.
 *
 * @example
 * ```ts
 * const { title, ticks, colours } = mapLegend(field, { colormap: 'rdbu' });
 * ```
 */
export function mapLegend(field: GridField, options: LegendOptions = {}): MapLegend {
  const [min, max] = limits(field.data, options);
  const cmap = options.colormap ?? 'viridis';
  const values = niceTicks(min, max, Math.max(2, Math.floor((options.width ?? 540) / 90)));
  const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return {
    title: options.title ?? defaultTitle(field),
    min,
    max,
    units: options.units ?? field.units ?? '',
    ticks: values.map((value) => ({
      value,
      label: formatTick(value, values),
      at: (value - min) / (max - min),
    })),
    colours: Array.from({ length: STOPS }, (_, i) => hex(colourAt(cmap, i / (STOPS - 1)))),
  };
}

/** The colour scale's limits: those given, else the finite range of the data (a constant field gets ±0.5). */
function limits(data: Float32Array, o: Pick<LegendOptions, 'min' | 'max'>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const lo = o.min ?? (Number.isFinite(min) ? min : 0);
  const hi = o.max ?? (Number.isFinite(max) ? max : 1);
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}

function formatTick(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return v.toFixed(decimals);
}

function defaultTitle(f: GridField): string {
  const level = f.level === null ? '' : ` ${f.level} hPa`;
  const time = f.time === null ? '' : ` ${new Date(f.time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${f.variable}${level}${time}`;
}
