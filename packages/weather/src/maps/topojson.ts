import { InvalidArgumentError } from '@strata/core';
import type { Polyline } from './render-map.js';

/** The parts of a quantized TopoJSON topology that outlines are read from (world-atlas's files are these). */
export interface Topology {
  readonly type: 'Topology';
  /** Quantization: position = delta-decoded integers × scale + translate. Absent when not quantized. */
  readonly transform?: { readonly scale: readonly number[]; readonly translate: readonly number[] };
  readonly objects: Readonly<Record<string, TopologyObject>>;
  /** Each arc's positions, delta-encoded when the topology is quantized. */
  readonly arcs: readonly (readonly (readonly number[])[])[];
}

/** A geometry of a topology: a collection, or a shape whose `arcs` index `Topology.arcs` (~i is arc i reversed). */
export interface TopologyObject {
  readonly type: string;
  readonly geometries?: readonly TopologyObject[];
  readonly arcs?: unknown;
}

/** Every arc index an object uses, once (an arc shared by two shapes is one line). */
function arcsOf(object: TopologyObject, into: Set<number>): Set<number> {
  for (const g of object.geometries ?? []) arcsOf(g, into);
  const walk = (a: unknown): void => {
    if (typeof a === 'number') into.add(a < 0 ? ~a : a);
    else if (Array.isArray(a)) a.forEach(walk);
  };
  walk(object.arcs);
  return into;
}

/**
 * Edges that are no coast: the cut along the antimeridian and the closure of a polygon along the
 * south pole, where land polygons are split or closed for the plane.
 */
const seam = (a: readonly number[], b: readonly number[]) =>
  (Math.abs(a[0]!) > 179.99 && Math.abs(b[0]!) > 179.99) || (a[1]! < -89.9 && b[1]! < -89.9);

/**
 * The outlines of a topology's object as [longitude, latitude] polylines: each arc it uses once,
 * decoded from its quantization, and cut where it runs along the antimeridian or the south pole (the
 * seams of a plane's polygons, not coastlines). For Natural Earth land, the outlines are the coasts.
 *
 * @example
 * ```ts
 * const coasts = topologyLines(JSON.parse(readFileSync('land-50m.json', 'utf8')), 'land');
 * ```
 */
export function topologyLines(topology: Topology, object: string): Polyline[] {
  const root = topology.objects[object];
  if (!root)
    throw new InvalidArgumentError(
      'object',
      `the topology has no object "${object}"; it has ${Object.keys(topology.objects).join(', ')}`,
    );
  const [sx, sy] = topology.transform?.scale ?? [1, 1];
  const [tx, ty] = topology.transform?.translate ?? [0, 0];
  const lines: Polyline[] = [];
  for (const index of arcsOf(root, new Set())) {
    let x = 0;
    let y = 0;
    let line: [number, number][] = [];
    let last: [number, number] | null = null;
    for (const p of topology.arcs[index] ?? []) {
      if (topology.transform) [x, y] = [x + p[0]!, y + p[1]!];
      else [x, y] = [p[0]!, p[1]!];
      const point: [number, number] = [x * sx! + tx!, y * sy! + ty!];
      if (last && seam(last, point)) {
        if (line.length > 1) lines.push(line);
        line = [];
      }
      line.push(point);
      last = point;
    }
    if (line.length > 1) lines.push(line);
  }
  return lines;
}
