import { columnsToTable } from '@strata/core';
import type { Table } from 'apache-arrow';
import type { GridField } from './grid-source.js';
import { BilinearRegridder } from './regrid.js';

/** Where to extract: points (bilinearly interpolated) or a latitude/longitude box (grid values). */
export type ExtractWhere =
  | {
      readonly points: readonly {
        readonly latitude: number;
        readonly longitude: number;
        readonly name?: string;
      }[];
    }
  | {
      readonly region: {
        readonly north: number;
        readonly south: number;
        readonly west: number;
        readonly east: number;
      };
    };

/**
 * Extracts values of fields at points or in a region as an Arrow table, one row per field and place:
 * `variable`, `level` (hPa, null at the surface), `time` (ms since 1970 UTC), `name` (of the point),
 * `latitude`, `longitude`, `value`. Longitudes may be given in -180..180 or 0..360; a region may cross 0°.
 *
 * @example
 * ```ts
 * const table = extractTable([t2m], { points: [{ name: 'Reading', latitude: 51.44, longitude: -0.94 }] });
 * ```
 */
export function extractTable(fields: readonly GridField[], where: ExtractWhere): Table {
  const cols = {
    variable: [] as string[],
    level: [] as (number | null)[],
    time: [] as (number | null)[],
    name: [] as (string | null)[],
    latitude: [] as number[],
    longitude: [] as number[],
    value: [] as number[],
  };
  const push = (f: GridField, name: string | null, lat: number, lon: number, value: number) => {
    cols.variable.push(f.variable);
    cols.level.push(f.level);
    cols.time.push(f.time);
    cols.name.push(name);
    cols.latitude.push(lat);
    cols.longitude.push(lon);
    cols.value.push(value);
  };
  for (const f of fields) {
    if ('points' in where) {
      const target = {
        latitude: Float64Array.from(where.points, (p) => p.latitude),
        longitude: Float64Array.from(where.points, (p) => wrap(p.longitude)),
      };
      // One regridder per point (a 1 x 1 target grid): points are not a grid.
      where.points.forEach((p, i) => {
        const one = {
          latitude: target.latitude.subarray(i, i + 1),
          longitude: target.longitude.subarray(i, i + 1),
        };
        push(
          f,
          p.name ?? null,
          p.latitude,
          target.longitude[i]!,
          new BilinearRegridder(f, one).apply(f.data)[0]!,
        );
      });
    } else {
      const { north, south } = where.region;
      const [west, east] = [wrap(where.region.west), wrap(where.region.east)];
      const globe = where.region.east - where.region.west >= 360;
      const inLon = (x: number) => globe || (west <= east ? x >= west && x <= east : x >= west || x <= east);
      f.latitude.forEach((lat, r) => {
        if (lat > north || lat < south) return;
        f.longitude.forEach((lon, c) => {
          if (inLon(lon)) push(f, null, lat, lon, f.data[r * f.longitude.length + c]!);
        });
      });
    }
  }
  return columnsToTable({
    ...cols,
    latitude: Float64Array.from(cols.latitude),
    longitude: Float64Array.from(cols.longitude),
    value: Float32Array.from(cols.value),
  });
}

const wrap = (lon: number) => ((lon % 360) + 360) % 360;
