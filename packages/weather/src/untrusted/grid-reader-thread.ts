/**
 * The thread module of `openUntrustedGridFile`: opens one grid file and reads its fields on a thread
 * of its own, so that whatever a file does to its reader (runs the heap out, traps inside WebAssembly
 * and leaves h5wasm's instance broken, loops) ends with that thread and never reaches the caller's.
 */
import type { TaskContext } from '@strata/core/node';
import {
  cfGridSource,
  type FieldRequest,
  type GridField,
  type GridSource,
  type GridVariable,
} from '../grid-source.js';
import { openRawGridFile } from '../open-grid-file.js';
import type { AttributeValue } from '../sources/raw-dataset.js';

let source: GridSource | undefined;

/** What the caller needs to describe variables and look them up by name without asking the thread. */
export interface OpenedGrid {
  readonly format: string;
  readonly variables: readonly GridVariable[];
  /** Each variable's attributes that lookups use (`GRIB_shortName`, `standard_name`). */
  readonly lookup: readonly Readonly<Record<string, AttributeValue>>[];
}

/** Opens the file, which messages call `name`; one file per thread. */
export async function open(file: { path: string; name: string }): Promise<OpenedGrid> {
  const ds = await openRawGridFile(file.path, file.name);
  source = cfGridSource(ds, file.name);
  const attributes = new Map(ds.variables.map((v) => [v.name, v.attributes]));
  return {
    format: source.format,
    variables: source.variables,
    lookup: source.variables.map((v) => {
      const a = attributes.get(v.name) ?? {};
      return Object.fromEntries(
        ['GRIB_shortName', 'standard_name'].filter((k) => a[k] !== undefined).map((k) => [k, a[k]!]),
      );
    }),
  };
}

/** A field without its grid (the caller has the grid): its values move to the caller, not copied. */
export type FieldValues = Omit<GridField, 'latitude' | 'longitude'>;

/** Reads one field. */
export async function read(request: FieldRequest, ctx: TaskContext): Promise<FieldValues> {
  const { latitude: _latitude, longitude: _longitude, ...field } = await source!.readField(request);
  // Only a buffer that is the field's alone may move (a view into a cached variable is copied first).
  const data =
    field.data.byteOffset === 0 && field.data.byteLength === field.data.buffer.byteLength
      ? field.data
      : field.data.slice();
  ctx.transfer(data.buffer as ArrayBuffer);
  return { ...field, data };
}

/** Releases the file when the pool closes. */
export function teardown(): void {
  source?.close();
  source = undefined;
}
