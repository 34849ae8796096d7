import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GridField } from '../grid-source.js';
import { colourAt, niceTicks } from './colormap.js';
import { encodePng } from './encode-png.js';
import { mapLegend } from './legend.js';
import { drawMap, mapFrame, renderMap } from './render-map.js';

/** Decodes the PNGs encodePng writes (RGBA, filter 0) back to pixels. */
function decode(png: Uint8Array): {
  width: number;
  height: number;
  pixel: (x: number, y: number) => number[];
} {
  const view = new DataView(png.buffer, png.byteOffset);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const idat = png.subarray(33 + 8, 33 + 8 + view.getUint32(33));
  const raw = inflateSync(idat);
  return {
    width,
    height,
    pixel: (x, y) =>
      Array.from(raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 3)),
  };
}

const field: GridField = {
  variable: 't2m',
  units: 'K',
  time: Date.UTC(2019, 2, 1, 12),
  level: null,
  latitude: Float64Array.from([10, 0, -10]),
  longitude: Float64Array.from([0, 90, 180, 270]),
  data: Float32Array.from([270, 275, 280, 285, 290, 295, 300, NaN, 270, 270, 270, 270]),
};

describe('maps', () => {
  it('draws cells in the colour map, missing cells grey, with a title and a colour bar', () => {
    const img = decode(encodePng(renderMap(field, { scale: 20 })));
    expect(img.width).toBe(4 * 20 + 24);
    expect(img.height).toBeGreaterThan(3 * 20 + 40);
    const cell = (row: number, col: number) => img.pixel(12 + col * 20 + 10, 38 + row * 20 + 10);
    expect(cell(0, 0)).toEqual(colourAt('viridis', 0)); // 270 K, the minimum
    expect(cell(1, 2)).toEqual(colourAt('viridis', 1)); // 300 K, the maximum
    expect(cell(0, 2)).toEqual(colourAt('viridis', (280 - 270) / 30));
    expect(cell(1, 3)).toEqual([210, 210, 210]); // missing
    // the title and tick labels put dark ink above and below the map
    const ink = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < img.width; x++) if (img.pixel(x, y)[0]! < 60) n++;
      return n;
    };
    expect(ink(0, 30)).toBeGreaterThan(50);
    expect(ink(38 + 60 + 12 + 16, img.height)).toBeGreaterThan(20);
  });

  it('gives the legend it draws, ticks laid out on the map’s own width, and the same image as renderMap', () => {
    for (const decorations of [true, false]) {
      const options = { scale: 60, decorations, colormap: 'rdbu' as const };
      const { raster, frame, legend } = drawMap(field, options);
      expect(frame).toEqual(mapFrame(field, options));
      // A 240-pixel bar has room for fewer ticks than mapLegend's 540-pixel default.
      expect(frame.width).toBe(240);
      expect(legend).toEqual(mapLegend(field, { ...options, width: frame.width }));
      expect(legend.ticks.length).toBeLessThan(mapLegend(field, options).ticks.length);
      expect(encodePng(raster)).toEqual(encodePng(renderMap(field, options)));
    }
    // The ticks are those on the image's bar: ink under the bar where each one is, at this width.
    const { raster, frame, legend } = drawMap(field, { scale: 60 });
    const img = decode(encodePng(raster));
    const barBottom = frame.y + frame.height + 12 + 14;
    for (const t of legend.ticks)
      expect(img.pixel(Math.round(frame.x + t.at * (frame.width - 1)), barBottom + 1)).toEqual([30, 30, 30]);
  });

  it('picks round colour-bar ticks', () => {
    expect(niceTicks(270, 300, 6)).toEqual([270, 275, 280, 285, 290, 295, 300]);
    expect(niceTicks(0.013, 0.071, 3)).toEqual([0.02, 0.04, 0.06]);
  });

  it('leaves the title and colour bar to a client that draws them in its own type, and gives it what they say', () => {
    const frame = mapFrame(field, { scale: 20, decorations: false });
    expect(frame).toMatchObject({ x: 1, y: 1, width: 80, height: 60 });
    const img = decode(encodePng(renderMap(field, { scale: 20, decorations: false })));
    // The map and its 1-pixel border, nothing else: the same cells where the frame says.
    expect([img.width, img.height]).toEqual([82, 62]);
    expect(img.pixel(1 + 10, 1 + 10)).toEqual(colourAt('viridis', 0));
    expect(img.pixel(1 + 2 * 20 + 10, 1 + 20 + 10)).toEqual(colourAt('viridis', 1));
    const legend = mapLegend(field);
    expect(legend).toMatchObject({ title: 't2m 2019-03-01 12:00 UTC', min: 270, max: 300, units: 'K' });
    expect(legend.ticks.map((t) => [t.label, t.at])).toEqual([
      ['270', 0],
      ['275', 1 / 6],
      ['280', 2 / 6],
      ['285', 3 / 6],
      ['290', 4 / 6],
      ['295', 5 / 6],
      ['300', 1],
    ]);
    const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    expect(legend.colours[0]).toBe(hex(colourAt('viridis', 0)));
    expect(legend.colours.at(-1)).toBe(hex(colourAt('viridis', 1)));
    expect(mapLegend(field, { colormap: 'rdbu', min: 260, units: 'kelvin' })).toMatchObject({
      min: 260,
      units: 'kelvin',
      colours: expect.arrayContaining([hex(colourAt('rdbu', 0))]),
    });
  });
});
