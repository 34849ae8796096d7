import { describe, expect, it } from 'vitest';
import { COASTLINE_110M } from './coastline-110m.js';
import { coastlines50m } from './coastline-50m.js';
import { topologyLines, type Topology } from './topojson.js';

/** Points of some polylines inside a longitude/latitude box. */
const inside = (lines: readonly (readonly (readonly [number, number])[])[], box: number[]) =>
  lines.flat().filter(([x, y]) => x >= box[0]! && x <= box[1]! && y >= box[2]! && y <= box[3]!).length;

describe('TopoJSON outlines', () => {
  it('decode quantized, delta-encoded arcs, each shared arc once, cut at the antimeridian and the pole', () => {
    const topology: Topology = {
      type: 'Topology',
      transform: { scale: [0.5, 0.25], translate: [-180, -90] },
      objects: {
        land: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Polygon', arcs: [[0, 1]] },
            { type: 'Polygon', arcs: [[~1, 2]] },
          ],
        },
      },
      arcs: [
        [
          [10, 400],
          [2, 0],
          [0, 4],
        ],
        [
          [12, 404],
          [-2, 0],
        ],
        // Up the antimeridian, down to the pole, along it, then inland: the legs along the seams go.
        [
          [0, 400],
          [0, 4],
          [4, -404],
          [4, 0],
          [0, 40],
        ],
      ],
    };
    expect(topologyLines(topology, 'land')).toEqual([
      [
        [-175, 10],
        [-174, 10],
        [-174, 11],
      ],
      [
        [-174, 11],
        [-175, 11],
      ],
      // Off the antimeridian to the pole, then (after the pole's edge) inland.
      [
        [-180, 11],
        [-178, -90],
      ],
      [
        [-176, -90],
        [-176, -80],
      ],
    ]);
    expect(() => topologyLines(topology, 'countries')).toThrow(/no object "countries"; it has land/);
  });

  it('give Natural Earth’s 1:50m coasts, far finer than the 1:110m set, with no seam lines', () => {
    const coasts = coastlines50m();
    const uk = [-11, 2, 49.5, 61];
    expect(inside(coasts, uk)).toBeGreaterThan(5 * inside(COASTLINE_110M, uk));
    // The Isle of Wight (50.6–50.8 N, 1.6–1.05 W), which the 1:110m set leaves out.
    expect(inside(coasts, [-1.6, -1.05, 50.55, 50.8])).toBeGreaterThan(3);
    expect(inside(COASTLINE_110M, [-1.6, -1.05, 50.55, 50.8])).toBe(0);
    for (const line of coasts)
      for (let i = 1; i < line.length; i++) {
        const [a, b] = [line[i - 1]!, line[i]!];
        expect(Math.abs(a[0]) > 179.99 && Math.abs(b[0]) > 179.99).toBe(false);
      }
    expect(coastlines50m()).toBe(coasts);
  });
});
