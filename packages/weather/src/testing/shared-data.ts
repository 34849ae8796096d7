import { fileURLToPath } from 'node:url';

/** The shared reference data beside the project (`../shared/datasets/weather/` from the project root). */
export function sharedWeatherFile(name: string): string {
  return fileURLToPath(new URL(`../../../../../shared/datasets/weather/${name}`, import.meta.url));
}

/** A file of this package's fixtures folder. */
export function fixtureFile(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}
