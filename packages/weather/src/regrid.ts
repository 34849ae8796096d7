import { InvalidArgumentError } from '@strata/core';
import type { Grid } from './grid-source.js';

interface Axis1D {
  /** Lower and upper source index and the upper's weight, per target coordinate; -1 where outside. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly w: Float64Array;
}

/**
 * Bilinear interpolation from one latitude/longitude grid to another (both in the model convention:
 * latitude descending, longitude ascending in [0, 360)). Weights are computed once and reused for every
 * field. Longitude wraps around where the source grid is global; a target point outside the source
 * grid, or whose four neighbours include a missing value, gets NaN.
 *
 * @example
 * ```ts
 * const regrid = new BilinearRegridder(source.describe('t2m'), PANGU_GRID);
 * const onModelGrid = regrid.apply(field.data);
 * ```
 */
export class BilinearRegridder {
  private readonly rows: Axis1D;
  private readonly cols: Axis1D;
  private readonly sourceWidth: number;
  private readonly sourceSize: number;

  constructor(
    readonly source: Grid,
    readonly target: Grid,
  ) {
    if (source.latitude.length < 2 || source.longitude.length < 2) {
      throw new InvalidArgumentError(
        'source',
        'bilinear regridding needs at least 2 latitudes and 2 longitudes',
      );
    }
    this.rows = latitudeWeights(source.latitude, target.latitude);
    this.cols = longitudeWeights(source.longitude, target.longitude);
    this.sourceWidth = source.longitude.length;
    this.sourceSize = source.latitude.length * source.longitude.length;
  }

  /** Interpolates one field (`data[row * nLon + col]` on the source grid) to the target grid. */
  apply(
    data: ArrayLike<number>,
    out = new Float32Array(this.target.latitude.length * this.target.longitude.length),
  ): Float32Array {
    if (data.length !== this.sourceSize) {
      throw new InvalidArgumentError(
        'data',
        `the field has ${data.length} values but the source grid has ${this.sourceSize}`,
      );
    }
    const { rows, cols, sourceWidth: w } = this;
    const nLon = cols.lo.length;
    for (let r = 0; r < rows.lo.length; r++) {
      const r0 = rows.lo[r]!;
      const wy = rows.w[r]!;
      for (let c = 0; c < nLon; c++) {
        const c0 = cols.lo[c]!;
        if (r0 < 0 || c0 < 0) {
          out[r * nLon + c] = NaN;
          continue;
        }
        const r1 = rows.hi[r]!;
        const c1 = cols.hi[c]!;
        const wx = cols.w[c]!;
        // Terms of weight 0 are left out, so a missing value does not spread to a point it does not touch.
        const line = (row: number) =>
          wx === 0
            ? data[row * w + c0]!
            : wx === 1
              ? data[row * w + c1]!
              : data[row * w + c0]! * (1 - wx) + data[row * w + c1]! * wx;
        out[r * nLon + c] = wy === 0 ? line(r0) : wy === 1 ? line(r1) : line(r0) * (1 - wy) + line(r1) * wy;
      }
    }
    return out;
  }
}

/** Source rows bracketing each target latitude (sources run north to south). */
function latitudeWeights(src: Float64Array, dst: Float64Array): Axis1D {
  const lo = new Int32Array(dst.length).fill(-1);
  const hi = new Int32Array(dst.length).fill(-1);
  const w = new Float64Array(dst.length);
  const eps = 1e-9;
  dst.forEach((lat, k) => {
    if (lat > src[0]! + eps || lat < src[src.length - 1]! - eps) return;
    let i = 0;
    while (i < src.length - 2 && src[i + 1]! >= lat) i++;
    lo[k] = i;
    hi[k] = i + 1;
    w[k] = Math.min(1, Math.max(0, (src[i]! - lat) / (src[i]! - src[i + 1]!)));
  });
  return { lo, hi, w };
}

/** Source columns bracketing each target longitude, across 360/0 where the gap is a normal step. */
function longitudeWeights(src: Float64Array, dst: Float64Array): Axis1D {
  const n = src.length;
  const lo = new Int32Array(dst.length).fill(-1);
  const hi = new Int32Array(dst.length).fill(-1);
  const w = new Float64Array(dst.length);
  const steps = Array.from({ length: n - 1 }, (_, i) => src[i + 1]! - src[i]!).sort((a, b) => a - b);
  const step = steps[steps.length >> 1]!;
  dst.forEach((raw, k) => {
    const lon = ((raw % 360) + 360) % 360;
    let j1 = 0;
    while (j1 < n && src[j1]! <= lon) j1++;
    const j0 = j1 - 1;
    const a = j0 >= 0 ? src[j0]! : src[n - 1]! - 360;
    const b = j1 < n ? src[j1]! : src[0]! + 360;
    const exact = j0 >= 0 && Math.abs(src[j0]! - lon) < 1e-9;
    // A gap wider than the grid's usual step is outside a regional grid, not a cell to interpolate.
    if (!exact && b - a > step * 1.5) return;
    lo[k] = j0 >= 0 ? j0 : n - 1;
    hi[k] = j1 < n ? j1 : 0;
    w[k] = exact ? 0 : (lon - a) / (b - a);
  });
  return { lo, hi, w };
}
