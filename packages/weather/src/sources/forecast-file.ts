import h5wasm, { type Dataset, type File as H5File } from 'h5wasm/node';
import { existsSync } from 'node:fs';
import { InvalidArgumentError, sizeOf } from '@strata/core';
import { GridError } from '../errors.js';
import { modelGrid, tensorDims, type GridModelSpec } from '../model/grid-model.js';
import type { GridState } from '../model/rollout.js';
import { variableMeta } from '../variables.js';

/** Options of {@link ForecastFile.create}. */
export interface ForecastFileOptions {
  /** The model whose states are written (variables, levels, grid). */
  readonly spec: GridModelSpec;
  /** The initial (reference) time, ms since 1970 UTC. */
  readonly initTime: number;
  /** Global attributes to add (model id, source, ...). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Deflate level 0-9 of the field chunks. @defaultValue `1` */
  readonly deflate?: number;
}

const LEVEL_DIM = (i: number) => (i === 0 ? 'level' : `level_${i + 1}`);

/**
 * A forecast in a CF-conformant NetCDF-4 file that grows one lead time at a time: `time` is unlimited,
 * each lead is flushed to disk as it is written, and an interrupted rollout reopens the file, reads back
 * the leads it holds and appends the rest. ncdump and xarray read it.
 *
 * @example
 * ```ts
 * const out = await ForecastFile.create('forecast.nc', { spec, initTime: Date.UTC(2019, 2, 1) });
 * await rollout({ models, initial, leads, emit: async (lead, state) => out.write(lead, state) });
 * out.close();
 * ```
 */
export class ForecastFile {
  private constructor(
    private readonly file: H5File,
    private readonly spec: GridModelSpec,
    private leads: number[],
  ) {}

  /** Creates the file (replacing any file at `path`). */
  static async create(path: string, options: ForecastFileOptions): Promise<ForecastFile> {
    await h5wasm.ready;
    const { spec } = options;
    const file = new h5wasm.File(path, 'w');
    const grid = modelGrid(spec);
    const attr = (
      ds: { create_attribute(n: string, v: string | number): void },
      attrs: Record<string, string | number>,
    ) => {
      for (const [k, v] of Object.entries(attrs)) ds.create_attribute(k, v);
    };
    attr(file, {
      Conventions: 'CF-1.8',
      title: `Strata forecast (${spec.stepHours} h model steps)`,
      institution: 'Strata',
      source: 'Strata weather rollout',
      history: `${new Date().toISOString()} created by @strata/weather`,
      ...options.attributes,
    });
    const scale = (name: string, data: Float64Array, attrs: Record<string, string>) => {
      const ds = file.create_dataset({ name, data });
      attr(ds, attrs);
      ds.make_scale(name);
      return ds;
    };
    scale('latitude', grid.latitude, {
      units: 'degrees_north',
      standard_name: 'latitude',
      long_name: 'latitude',
      axis: 'Y',
    });
    scale('longitude', grid.longitude, {
      units: 'degrees_east',
      standard_name: 'longitude',
      long_name: 'longitude',
      axis: 'X',
    });
    const init = new Date(options.initTime)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '');
    const time = file.create_dataset({
      name: 'time',
      data: new Float64Array(0),
      shape: [0],
      maxshape: [null],
      chunks: [64],
    });
    attr(time, {
      units: `hours since ${init}`,
      calendar: 'proleptic_gregorian',
      standard_name: 'time',
      long_name: 'valid time',
      axis: 'T',
    });
    time.make_scale('time');
    const ref = file.create_dataset({
      name: 'forecast_reference_time',
      data: new Float64Array([0]),
      shape: [],
    });
    attr(ref, {
      units: `hours since ${init}`,
      calendar: 'proleptic_gregorian',
      standard_name: 'forecast_reference_time',
    });
    const [h, w] = [grid.latitude.length, grid.longitude.length];
    spec.tensors.forEach((t, ti) => {
      const levelDim = t.levels
        ? LEVEL_DIM(spec.tensors.slice(0, ti).filter((x) => x.levels).length)
        : undefined;
      if (levelDim && !file.get(levelDim)) {
        scale(levelDim, Float64Array.from(t.levels!), {
          units: 'hPa',
          standard_name: 'air_pressure',
          long_name: 'pressure level',
          positive: 'down',
          axis: 'Z',
        });
      }
      for (const v of t.variables) {
        const shape = levelDim ? [0, t.levels!.length, h, w] : [0, h, w];
        const ds = file.create_dataset({
          name: v,
          data: new Float32Array(0),
          shape,
          maxshape: [null, ...shape.slice(1)],
          // One 2-D field per chunk: a lead is written, and a field read, chunk by chunk.
          chunks: [1, ...shape.slice(1).map((d, i, rest) => (i < rest.length - 2 ? 1 : d))],
          ...((options.deflate ?? 1) > 0 ? { compression: options.deflate ?? 1 } : {}),
        });
        const meta = variableMeta(v);
        attr(ds, {
          units: meta.units,
          long_name: meta.longName,
          ...(meta.standardName ? { standard_name: meta.standardName } : {}),
        });
        ds.create_attribute('_FillValue', new Float32Array([NaN]) as never);
        ['time', ...(levelDim ? [levelDim] : []), 'latitude', 'longitude'].forEach((d, i) =>
          ds.attach_scale(i, d),
        );
      }
    });
    file.flush();
    return new ForecastFile(file, spec, []);
  }

  /** Reopens a forecast file to read its leads back and append more. */
  static async open(path: string, spec: GridModelSpec): Promise<ForecastFile> {
    await h5wasm.ready;
    if (!existsSync(path))
      throw new GridError('GRID_FORMAT', `forecast file ${path} does not exist`, {
        context: { source: path },
      });
    const file = new h5wasm.File(path, 'a');
    const time = file.get('time') as Dataset | null;
    if (!time)
      throw new GridError('GRID_FORMAT', `${path} is not a Strata forecast file (no time variable)`, {
        context: { source: path },
      });
    const leads = Array.from((time.value as Float64Array | null) ?? [], Number);
    return new ForecastFile(file, spec, leads);
  }

  /** Leads written so far, in hours. */
  get writtenLeads(): readonly number[] {
    return this.leads;
  }

  /** Appends the state at `lead` hours and flushes it to disk. Leads must come in increasing order. */
  write(lead: number, state: GridState): void {
    if (this.leads.length && lead <= this.leads.at(-1)!) {
      throw new InvalidArgumentError(
        'lead',
        `leads are written in increasing order; ${lead} h comes after ${this.leads.at(-1)} h`,
      );
    }
    const i = this.leads.length;
    for (const t of this.spec.tensors) {
      const dims = tensorDims(this.spec, t);
      const per = sizeOf(dims.slice(1));
      const data = state[t.input]!;
      t.variables.forEach((v, k) => {
        const ds = this.file.get(v) as Dataset;
        const shape = ds.shape!;
        ds.resize([i + 1, ...shape.slice(1)]);
        ds.write_slice(
          [[i, i + 1], ...shape.slice(1).map((): [] => [])],
          data.subarray(k * per, (k + 1) * per),
        );
      });
    }
    // The time axis grows last, after the fields are on disk: a lead is in the file only once all its
    // fields are (a crash mid-write leaves a lead that the next attempt overwrites).
    this.file.flush();
    const time = this.file.get('time') as Dataset;
    time.resize([i + 1]);
    time.write_slice([[i, i + 1]], new Float64Array([lead]));
    this.file.flush();
    this.leads.push(lead);
  }

  /** Reads the state at a lead back (to resume a rollout from it). */
  read(lead: number): GridState {
    const i = this.leads.indexOf(lead);
    if (i < 0)
      throw new GridError(
        'TIME_NOT_FOUND',
        `the forecast file has no lead ${lead} h; it has ${this.leads.join(', ')}`,
        { context: { requested: lead, available: this.leads } },
      );
    const state: Record<string, Float32Array> = {};
    for (const t of this.spec.tensors) {
      const dims = tensorDims(this.spec, t);
      const per = sizeOf(dims.slice(1));
      const out = new Float32Array(per * t.variables.length);
      t.variables.forEach((v, k) => {
        const ds = this.file.get(v) as Dataset;
        out.set(ds.slice([[i, i + 1]]) as Float32Array, k * per);
      });
      state[t.input] = out;
    }
    return state;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.file.close();
  }
}
