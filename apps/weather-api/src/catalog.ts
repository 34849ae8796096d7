import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelManifest } from '@strata/core';
import { gridModelSpec, type GridModelSpec } from '@strata/weather';

/** The task of the grid models the weather API runs. */
export const WEATHER_TASK = 'weather-forecast';

/** A grid model the API can run: its manifest summary and its grid. */
export interface WeatherModel {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  readonly spec: GridModelSpec;
}

/** The weather models among a registry's manifests. */
export function weatherModels(manifests: readonly ModelManifest[]): Map<string, WeatherModel> {
  return new Map(
    manifests
      .filter((m) => m.task === WEATHER_TASK)
      .map((m) => [
        m.id,
        { id: m.id, version: m.version, description: m.card.description, spec: gridModelSpec(m) },
      ]),
  );
}

/**
 * The initial-state files the server offers by id: NetCDF files in the weather data folder (ERA5 is
 * not redistributable, so none ships: point `STRATA_WEATHER_DATA_DIR` at your own files, or upload).
 */
export async function weatherDatasets(dir: string | null): Promise<Map<string, string>> {
  if (!dir || !existsSync(dir)) return new Map();
  const files = (await readdir(dir)).filter((f) => /\.(nc|nc4|cdf|netcdf)$/i.test(f)).sort();
  const stem = (f: string) => f.replace(/\.[^.]+$/, '');
  // A file is known by its name without the extension, unless another file shares that name.
  const shared = (f: string) => files.filter((g) => stem(g) === stem(f)).length > 1;
  return new Map(files.map((f) => [shared(f) ? f : stem(f), join(dir, f)]));
}
