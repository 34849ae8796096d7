/**
 * `@strata/weather`: gridded weather data in, model rollouts, scores and maps out. Node-only parts
 * (files on disk) are in `@strata/weather/node`.
 *
 * @example
 * ```ts
 * import { openGrid } from '@strata/weather';
 * const source = await openGrid(bytes, 'era5.nc');
 * const z500 = await source.readField({ variable: 'z', level: 500, time: 0 });
 * console.log(z500.units, z500.latitude[0], z500.data[0]);
 * ```
 *
 * @packageDocumentation
 */
export * from './errors.js';
export type { Grid, GridField, GridSource, GridVariable, FieldRequest } from './grid-source.js';
export { openGrid, sniffFormat } from './open-grid.js';
export { decodeTimes, parseTimeUnits, type Calendar, type TimeUnits } from './cf/time.js';
export type { RandomAccess } from './random-access.js';
export { BilinearRegridder } from './regrid.js';
export { extractTable, type ExtractWhere } from './extract.js';
export { ERA5_VARIABLES, variableMeta, type VariableMeta } from './variables.js';
export {
  gridModelSchema,
  forcingValue,
  gridModelSpec,
  gridModelIo,
  gridModelManifest,
  modelGrid,
  tensorDims,
  panguSpec,
  panguManifest,
  PANGU_LEVELS,
  type GridModelSpec,
  type GridTensorSpec,
  type GridTensorInfo,
} from './model/grid-model.js';
export { stepsTo, planRuns, chainKey, type RolloutRun } from './model/hta.js';
export {
  rollout,
  type GridModel,
  makeState,
  type GridState,
  type RolloutOptions,
  type RolloutStats,
} from './model/rollout.js';
export { initialState } from './model/initial-state.js';
export { initialTimes, type InitialTimes } from './model/initial-times.js';
export { keptSpec, keptState, type KeepSpec } from './model/keep.js';
export { scoreField, Scorecard, type FieldPair, type FieldScores, type ScoreRow } from './metrics/scores.js';
export { latitudeWeights } from './metrics/weights.js';
export {
  drawMap,
  mapFrame,
  renderMap,
  type DrawnMap,
  type MapFrame,
  type MapOptions,
  type Polyline,
} from './maps/render-map.js';
export { colourAt, niceTicks, type ColormapName } from './maps/colormap.js';
export { COASTLINE_110M } from './maps/coastline-110m.js';
export { mapLegend, type LegendOptions, type MapLegend } from './maps/legend.js';
export { topologyLines, type Topology, type TopologyObject } from './maps/topojson.js';
export type { Raster } from './maps/raster.js';
