import { GridError } from '../errors.js';
import type { AxisRole } from './axes.js';

/** One dimension of a variable: its name, what it is, and its length. */
export interface Axis {
  readonly dim: string;
  readonly role: AxisRole;
  readonly size: number;
}

/**
 * The longest axis, and the most cells of one field, a file may declare: more is a hostile or broken
 * header. Coordinates and times become plain arrays, one per axis: an axis of 2^20 is an 8 MB array,
 * well inside the 16 MB a worker thread may still allocate once past its heap cap; a single larger
 * allocation there aborts the whole process instead of ending the thread. (Fields are typed arrays,
 * whose failed allocations throw.)
 */
const MAX_AXIS = 2 ** 20;
const MAX_FIELD = 2 ** 27;

/** Refuses sizes no real grid has before anything is allocated from them (a header is untrusted bytes). */
export function checkAxes(variable: string, axes: readonly Axis[], source: string): void {
  const cells = axes
    .filter((a) => a.role === 'latitude' || a.role === 'longitude')
    .reduce((n, a) => n * a.size, 1);
  const long = axes.find((a) => !Number.isSafeInteger(a.size) || a.size < 0 || a.size > MAX_AXIS);
  if (long || cells > MAX_FIELD)
    throw new GridError(
      'GRID_UNSUPPORTED',
      `${source}: variable "${variable}" declares ${long ? `a "${long.dim}" axis of ${long.size}` : `fields of ${cells} cells`}; at most ${MAX_AXIS} per axis and ${MAX_FIELD} per field are read`,
      { context: { source, variable } },
    );
}

/**
 * A coordinate variable must have one value per point of the axis it labels (an HDF5 file may name a
 * dimension scale of another length, and the grid would then be read with the wrong rows and columns),
 * and latitudes and longitudes must be places on the Earth: finite, latitudes within the poles and
 * strictly monotonic, longitudes within two turns. A grid that breaks these is no grid, and a model
 * run on it would answer NaN everywhere.
 */
export function checkCoordinates(
  variable: string,
  axes: readonly (Axis | undefined)[],
  file: { coord: (dim: string) => number[]; source: string },
): void {
  const bad = (message: string) =>
    new GridError('GRID_FORMAT', `${file.source}: variable "${variable}" ${message}`, {
      context: { source: file.source, variable },
    });
  for (const axis of axes) {
    if (!axis) continue;
    const values = file.coord(axis.dim);
    if (!values.length) continue;
    if (values.length !== axis.size)
      throw bad(
        `has ${axis.size} points along "${axis.dim}", but its coordinate variable has ${values.length}`,
      );
    const wrong = values.findIndex((v, i) => !placeOk(axis.role, v, values[i - 1], values[1]! - values[0]!));
    if (wrong >= 0)
      throw bad(
        `has ${axis.role} ${values[wrong]} at index ${wrong} of "${axis.dim}": ${WHAT[axis.role] ?? 'not finite'}`,
      );
  }
}

const WHAT: Readonly<Partial<Record<string, string>>> = {
  latitude: 'latitudes are finite, within -90 to 90 and strictly increasing or decreasing',
  longitude: 'longitudes are finite and within -720 to 720',
};

function placeOk(role: string, v: number, previous: number | undefined, step: number): boolean {
  if (!Number.isFinite(v)) return role !== 'latitude' && role !== 'longitude' && role !== 'level';
  if (role === 'longitude') return Math.abs(v) <= 720;
  if (role !== 'latitude') return true;
  // The direction is the first step's; a single latitude has none.
  return Math.abs(v) <= 90 + 1e-6 && (previous === undefined || (v - previous) * step > 0);
}
