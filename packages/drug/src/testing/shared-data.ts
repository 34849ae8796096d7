import { fileURLToPath } from 'node:url';

/** The shared reference data beside the project (`../shared/datasets/drug/` from the project root). */
export function sharedDrugFile(name: string): string {
  return fileURLToPath(new URL(`../../../../../shared/datasets/drug/${name}`, import.meta.url));
}

/** A file of this package's fixtures folder. */
export function fixtureFile(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}
