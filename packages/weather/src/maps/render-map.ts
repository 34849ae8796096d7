import { InvalidArgumentError } from '@strata/core';
import type { GridField } from '../grid-source.js';
import { colourAt, type ColormapName } from './colormap.js';
import { mapLegend, type MapLegend } from './legend.js';
import { createRaster, drawLine, drawRect, setPixel, type Raster } from './raster.js';
import { drawText, textHeight, textWidth } from './text.js';

/** A polyline of [longitude, latitude] pairs (degrees). */
export type Polyline = readonly (readonly [number, number])[];

/** Options of {@link renderMap}. */
export interface MapOptions {
  /** Title above the map. @defaultValue the variable, level and valid time */
  readonly title?: string;
  /** Colour map. @defaultValue `'viridis'` */
  readonly colormap?: ColormapName;
  /** Colour scale limits. @defaultValue the field's finite minimum and maximum */
  readonly min?: number;
  readonly max?: number;
  /** Pixels per grid cell (a global 0.25° field at 1 is 1440 pixels wide). @defaultValue fits about 1000 pixels */
  readonly scale?: number;
  /** Lines drawn over the field, e.g. coastlines. @defaultValue none */
  readonly overlay?: readonly Polyline[];
  /** Units shown under the colour bar. @defaultValue the field's units */
  readonly units?: string;
  /**
   * Whether the image has the title and the colour bar. A client that draws them in its own type
   * (a web page, from {@link mapLegend}) leaves them out: text in the image is a bitmap font, which
   * blurs wherever the image is scaled. @defaultValue `true`
   */
  readonly decorations?: boolean;
}

const INK = [30, 30, 30] as const;
const MISSING = [210, 210, 210] as const;
const PAD = 12;

/**
 * Where {@link renderMap} draws the grid in its image, so a client can turn a click into a grid point:
 * pixel `x + (i + 0.5) * scale` is column `i` (longitude `lonStart + i * lonStep`, wrapped to 0..360),
 * pixel `y + (j + 0.5) * scale` is row `j` (latitude `latitudes[j]`, `latFirst` to `latLast`).
 */
export interface MapFrame {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Pixels per grid cell. */
  readonly scale: number;
  readonly lonStart: number;
  readonly lonStep: number;
  readonly columns: number;
  readonly latFirst: number;
  readonly latLast: number;
  readonly rows: number;
}

/** The frame {@link renderMap} draws `field` in with these options. */
export function mapFrame(
  field: GridField,
  options: Pick<MapOptions, 'scale' | 'decorations'> = {},
): MapFrame {
  const { latitude: lat, longitude: lon, data } = field;
  if (lat.length * lon.length !== data.length)
    throw new InvalidArgumentError('field', 'the field data do not match its grid');
  const extent = lonExtent(lon);
  const scale = options.scale ?? Math.max(1, Math.round(1000 / lon.length));
  const columns = Math.round(extent.span / extent.step + 1);
  // Without decorations the map fills the image but for its 1-pixel border.
  const bare = options.decorations === false;
  return {
    x: bare ? 1 : PAD,
    y: bare ? 1 : textHeight(2) + PAD,
    width: columns * scale,
    height: lat.length * scale,
    scale,
    lonStart: extent.start,
    lonStep: extent.step,
    columns,
    latFirst: lat[0]!,
    latLast: lat.at(-1)!,
    rows: lat.length,
  };
}

/**
 * Draws a field as an equirectangular map: a colour-mapped image of the grid (missing values grey), an
 * optional overlay such as coastlines, a title, and a colour bar with ticks and units. Regional grids
 * (also those across 0°) are drawn over their own extent. {@link drawMap} also gives the frame and
 * the legend of the image it draws.
 *
 * @example
 * ```ts
 * const png = encodePng(renderMap(field, { overlay: coastlines() }));
 * ```
 */
export function renderMap(field: GridField, options: MapOptions = {}): Raster {
  return drawMap(field, options).raster;
}

/** A map as {@link drawMap} draws it: the image, where the grid lies in it, and what its legend says. */
export interface DrawnMap {
  readonly raster: Raster;
  readonly frame: MapFrame;
  /**
   * The title and colour bar of this image: those it shows, or without decorations those it would
   * show, ticks laid out for its own colour bar's length (the map's width).
   */
  readonly legend: MapLegend;
}

/**
 * Draws a field as {@link renderMap} does, and gives with the image its frame and its legend, each
 * computed once, from what was drawn: a client that draws the title and colour bar itself (with
 * `decorations: false`) shows exactly what the image would have.
 *
 * @example
 * ```ts
 * const { raster, frame, legend } = drawMap(field, { overlay: coastlines(), decorations: false });
 * ```
 */
export function drawMap(field: GridField, options: MapOptions = {}): DrawnMap {
  const { latitude: lat, longitude: lon, data } = field;
  const frame = mapFrame(field, options);
  const { x: x0, y: y0, width: mapW, height: mapH, scale } = frame;
  const extent = { start: frame.lonStart, step: frame.lonStep };
  const legend = mapLegend(field, { ...options, width: mapW });
  const { min: vmin, max: vmax } = legend;
  const decorated = options.decorations !== false;
  const cbarH = 14;
  const width = mapW + 2 * x0;
  const height = decorated ? y0 + mapH + PAD + cbarH + 4 + textHeight() * 2 + PAD + 4 : mapH + 2;
  const img = createRaster(width, height);
  const cmap = options.colormap ?? 'viridis';
  // Pixels sample the nearest grid cell.
  const colOf = Int32Array.from({ length: mapW }, (_, px) =>
    nearest(lon, wrap(extent.start + ((px + 0.5) / scale - 0.5) * extent.step), true),
  );
  for (let py = 0; py < mapH; py++) {
    const r = Math.min(lat.length - 1, Math.floor(py / scale));
    for (let px = 0; px < mapW; px++) {
      const c = colOf[px]!;
      const v = c < 0 ? NaN : data[r * lon.length + c]!;
      setPixel(img, x0 + px, y0 + py, Number.isNaN(v) ? MISSING : colourAt(cmap, (v - vmin) / (vmax - vmin)));
    }
  }
  const toPx = (lo: number, la: number): [number, number] => {
    const dx = (((lo - extent.start) % 360) + 360) % 360;
    return [
      x0 + (dx / extent.step + 0.5) * scale,
      y0 + ((lat[0]! - la) / (lat[0]! - lat.at(-1)!)) * (mapH - scale) + scale / 2,
    ];
  };
  for (const line of options.overlay ?? []) drawOverlay(img, line, toPx, { x0, y0, w: mapW, h: mapH });
  drawRect(img, x0 - 1, y0 - 1, mapW + 2, mapH + 2, INK);
  if (decorated) {
    drawText(img, x0, PAD / 2, legend.title, INK, 2);
    drawColourBar(img, { x: x0, y: y0 + mapH + PAD, w: mapW, h: cbarH }, cmap, legend);
  }
  return { raster: img, frame, legend };
}

/** The longitudes a grid covers: start, span and step, across 0° for a regional grid that crosses it. */
function lonExtent(lon: Float64Array): { start: number; span: number; step: number } {
  const n = lon.length;
  const gaps = Array.from({ length: n }, (_, i) =>
    i + 1 < n ? lon[i + 1]! - lon[i]! : lon[0]! + 360 - lon[n - 1]!,
  );
  const step = [...gaps].sort((a, b) => a - b)[Math.floor((n - 1) / 2)]!;
  const widest = gaps.indexOf(Math.max(...gaps));
  if (gaps[widest]! <= step * 1.5) return { start: lon[0]!, span: 360 - step, step };
  const start = lon[(widest + 1) % n]!;
  return { start, span: 360 - gaps[widest]!, step };
}

const wrap = (x: number) => ((x % 360) + 360) % 360;

/** Index of the nearest value in an ascending array (cyclic in 360 when `cyclic`), or -1 beyond half a step. */
function nearest(values: Float64Array, x: number, cyclic: boolean): number {
  let best = -1;
  let dist = Infinity;
  for (let i = 0; i < values.length; i++) {
    let d = Math.abs(values[i]! - x);
    if (cyclic) d = Math.min(d, 360 - d);
    if (d < dist) [best, dist] = [i, d];
  }
  return best;
}

function drawOverlay(
  img: Raster,
  line: Polyline,
  toPx: (lon: number, lat: number) => [number, number],
  box: { x0: number; y0: number; w: number; h: number },
): void {
  const inside = ([x, y]: [number, number]) =>
    x >= box.x0 && x < box.x0 + box.w && y >= box.y0 && y < box.y0 + box.h;
  for (let i = 1; i < line.length; i++) {
    const a = toPx(line[i - 1]![0], line[i - 1]![1]);
    const b = toPx(line[i]![0], line[i]![1]);
    // A segment that jumps across the map's seam would streak across the whole map.
    if (Math.abs(a[0] - b[0]) > box.w / 2 || !inside(a) || !inside(b)) continue;
    drawLine(img, a[0], a[1], b[0], b[1], INK);
  }
}

function drawColourBar(
  img: Raster,
  box: { x: number; y: number; w: number; h: number },
  cmap: ColormapName,
  legend: MapLegend,
): void {
  for (let px = 0; px < box.w; px++) {
    const rgb = colourAt(cmap, px / (box.w - 1));
    for (let py = 0; py < box.h; py++) setPixel(img, box.x + px, box.y + py, rgb);
  }
  drawRect(img, box.x - 1, box.y - 1, box.w + 2, box.h + 2, INK);
  for (const t of legend.ticks) {
    const x = box.x + t.at * (box.w - 1);
    drawLine(img, x, box.y + box.h, x, box.y + box.h + 3, INK);
    drawText(img, Math.round(x - textWidth(t.label) / 2), box.y + box.h + 5, t.label, INK);
  }
  if (legend.units)
    drawText(
      img,
      Math.round(box.x + box.w / 2 - textWidth(legend.units) / 2),
      box.y + box.h + 5 + textHeight() + 2,
      legend.units,
      INK,
    );
}
