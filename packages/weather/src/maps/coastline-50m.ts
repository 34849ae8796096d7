import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Polyline } from './render-map.js';
import { topologyLines, type Topology } from './topojson.js';

let cached: readonly Polyline[] | undefined;
let loading: Promise<readonly Polyline[]> | undefined;

const topologyPath = () => createRequire(import.meta.url).resolve('world-atlas/land-50m.json');
const linesOf = (json: string) => topologyLines(JSON.parse(json) as Topology, 'land');

/**
 * Natural Earth's 1:50m coastlines (public domain, as the `world-atlas` package's `land-50m.json`
 * redistributes them: 60,000 points against the 1:110m set's 5,000), as [longitude, latitude]
 * polylines for a map's overlay. Read once, on first use, synchronously: a server loads them with
 * {@link loadCoastlines50m} when it starts instead.
 *
 * @example
 * ```ts
 * const png = encodePng(renderMap(field, { overlay: coastlines50m() }));
 * ```
 */
export function coastlines50m(): readonly Polyline[] {
  return (cached ??= linesOf(readFileSync(topologyPath(), 'utf8')));
}

/**
 * The same coastlines as {@link coastlines50m}, the file read without blocking the thread (half a
 * megabyte), once: every call shares the first read, and a read that failed is tried again. A server
 * calls it when it starts, so that no request waits for the file or its parsing.
 *
 * @example
 * ```ts
 * const warm = loadCoastlines50m(); // at start-up
 * const png = encodePng(renderMap(field, { overlay: await warm }));
 * ```
 */
export function loadCoastlines50m(): Promise<readonly Polyline[]> {
  if (cached) return Promise.resolve(cached);
  loading ??= readFile(topologyPath(), 'utf8').then(
    (json) => (cached ??= linesOf(json)),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
