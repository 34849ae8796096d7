import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Polyline } from './render-map.js';
import { topologyLines, type Topology } from './topojson.js';

let cached: readonly Polyline[] | undefined;

/**
 * Natural Earth's 1:50m coastlines (public domain, as the `world-atlas` package's `land-50m.json`
 * redistributes them: 60,000 points against the 1:110m set's 5,000), as [longitude, latitude]
 * polylines for a map's overlay. Read once, on first use.
 *
 * @example
 * ```ts
 * const png = encodePng(renderMap(field, { overlay: coastlines50m() }));
 * ```
 */
export function coastlines50m(): readonly Polyline[] {
  if (!cached) {
    const path = createRequire(import.meta.url).resolve('world-atlas/land-50m.json');
    cached = topologyLines(JSON.parse(readFileSync(path, 'utf8')) as Topology, 'land');
  }
  return cached;
}
