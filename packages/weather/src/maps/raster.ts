/** An RGBA image in memory: `data[(y * width + x) * 4 + channel]`. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** A new image filled with one colour. */
export function createRaster(
  width: number,
  height: number,
  rgb: readonly [number, number, number] = [255, 255, 255],
): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return { width, height, data };
}

/** Sets one pixel (ignored outside the image). */
export function setPixel(img: Raster, x: number, y: number, rgb: ArrayLike<number>): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const i = (Math.trunc(y) * img.width + Math.trunc(x)) * 4;
  img.data[i] = rgb[0]!;
  img.data[i + 1] = rgb[1]!;
  img.data[i + 2] = rgb[2]!;
  img.data[i + 3] = 255;
}

/** Draws a 1-pixel line (Bresenham). */
export function drawLine(
  img: Raster,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  rgb: ArrayLike<number>,
): void {
  [x0, y0, x1, y1] = [Math.round(x0), Math.round(y0), Math.round(x1), Math.round(y1)];
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    setPixel(img, x0, y0, rgb);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/** Draws a rectangle outline. */
export function drawRect(
  img: Raster,
  x: number,
  y: number,
  w: number,
  h: number,
  rgb: ArrayLike<number>,
): void {
  drawLine(img, x, y, x + w - 1, y, rgb);
  drawLine(img, x, y + h - 1, x + w - 1, y + h - 1, rgb);
  drawLine(img, x, y, x, y + h - 1, rgb);
  drawLine(img, x + w - 1, y, x + w - 1, y + h - 1, rgb);
}
