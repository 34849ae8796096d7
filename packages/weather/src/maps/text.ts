import { GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH } from './font-6x13.js';
import { setPixel, type Raster } from './raster.js';

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale = 1): number {
  return text.length * GLYPH_WIDTH * scale;
}

/** Height in pixels of a line of text at `scale`. */
export function textHeight(scale = 1): number {
  return GLYPH_HEIGHT * scale;
}

/**
 * Draws text with the public-domain X11 "fixed" 6x13 bitmap font (printable ASCII; other characters
 * are drawn as `?`, except the degree sign). `x`, `y` is the top-left corner.
 */
export function drawText(
  img: Raster,
  x: number,
  y: number,
  text: string,
  rgb: ArrayLike<number>,
  scale = 1,
): void {
  let cx = x;
  for (const ch of text) {
    const rows = GLYPHS[ch] ?? GLYPHS['?']!;
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      const bits = rows[r]!;
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if (!(bits & (1 << (GLYPH_WIDTH - 1 - c)))) continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) setPixel(img, cx + c * scale + dx, y + r * scale + dy, rgb);
      }
    }
    cx += GLYPH_WIDTH * scale;
  }
}
