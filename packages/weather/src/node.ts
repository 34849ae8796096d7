/**
 * `@strata/weather/node`: the parts of @strata/weather that use the file system.
 *
 * @example
 * ```ts
 * import { openGridFile } from '@strata/weather/node';
 * const source = await openGridFile('era5.nc');
 * ```
 *
 * @packageDocumentation
 */
export { openGridFile, type OpenGridFileOptions } from './open-grid-file.js';
export { openUntrustedGridFile, type UntrustedGridOptions } from './untrusted/open-untrusted.js';
export { fileAccess } from './file-access.js';
export { ForecastFile, type ForecastFileOptions } from './sources/forecast-file.js';
export { ForecastWriter, writeOnThread } from './sources/forecast-writer.js';
export { encodePng } from './maps/encode-png.js';
export { coastlines50m, loadCoastlines50m } from './maps/coastline-50m.js';
export { writePanguManifests } from './pangu-setup.js';
export { WEATHER_JOBS } from './jobs/handlers.js';
export type { RolloutJobInput, RolloutJobResult } from './jobs/rollout.job.js';
