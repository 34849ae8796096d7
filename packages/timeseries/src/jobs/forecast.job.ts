import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, throwIfAborted } from '@strata/core';
import { shardRanges, type Json } from '@strata/jobs';
import { ArrowParts } from '@strata/core/node';
import { defineShardedJob } from '@strata/jobs';
import { isForecastMethod, type ForecastMethod } from '../models/registry.js';
import { ForecastPool } from '../pool/forecast-pool.js';
import { forecastTable } from './forecast-table.js';
import type { SeriesSet } from '../series/long-format.js';
import { readJobSeries } from './job-series.js';
import { decodeSeries, encodeSeries } from './series-file.js';

/** Input of the `timeseries.forecast` job. */
export interface ForecastJobInput {
  [key: string]: Json | undefined;
  /** A long-format file (`id, timestamp, value`): CSV, or Arrow IPC (by its `.arrow` name or its first bytes). */
  readonly input: string;
  /**
   * What the job's failures call the file: an upload's name as its sender gave it (the file is
   * stored under a random one). @defaultValue the file's base name
   */
  readonly inputName?: string;
  /** @defaultValue `'auto'` */
  readonly method?: string;
  /** Steps to forecast. */
  readonly h: number;
  /** @defaultValue `[80, 95]` */
  readonly levels?: number[];
  /** Seasonal period of every series. @defaultValue from each series' frequency */
  readonly period?: number;
  /** @defaultValue `'error'` */
  readonly missing?: 'error' | 'interpolate';
  /** Worker threads. @defaultValue every core */
  readonly threads?: number;
  /** Series per results part and checkpoint. @defaultValue `64` */
  readonly batchSize?: number;
  /**
   * Series per shard: the unit a queue hands to one worker. The plan reads the file once and hands
   * each shard its own series.
   * @defaultValue 5,000, or more so that there are at most 64 shards
   */
  readonly shardSize?: number;
  /** Where to write forecasts.arrow. @defaultValue the job's results directory */
  readonly outputDir?: string;
}

/** What the job returns. */
export interface ForecastJobResult {
  [key: string]: Json | undefined;
  /** The forecasts in long format, as an Arrow IPC file (see `forecastTable`). */
  readonly output: string;
  readonly series: number;
  /** Series without a forecast (their rows' `error` says why). */
  readonly failed: number;
  /** Interpolations made on reading. */
  readonly warnings: string[];
}

interface ShardState {
  [key: string]: Json;
  done: number;
  parts: number;
  failed: number;
}

/** The most forecast rows (series × h) one job writes: some gigabytes of results. */
const MAX_FORECAST_ROWS = 50_000_000;

/** A shard: `units` series from series `first` of the file, which its plan wrote to `input/<index>.series`. */
type SeriesShard = { units: number; first: number };
/** What a shard commits. */
type ShardOutput = { parts: number; failed: number };

const shardDir = (resultsDir: string, index: number) => join(resultsDir, 'shards', String(index));
/** The series the plan read for each shard (removed once the job is assembled). */
const inputDir = (resultsDir: string) => join(resultsDir, 'input');
const seriesFile = (resultsDir: string, index: number) => join(inputDir(resultsDir), `${index}.series`);
/** What else the plan's read found (kept: an assemble run again after a crash needs it too). */
const reportFile = (resultsDir: string) => join(resultsDir, 'read.json');

/** What the plan read: how many series it sharded, those it could not read, its interpolations. */
type ReadReport = { series: number; failed: SeriesSet['failed']; warnings: string[] };

/** Writes a file whole or not at all: a plan run again after a crash rewrites what it had left. */
function writeWhole(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.partial`, data);
  renameSync(`${path}.partial`, path);
}

function methodOf(input: ForecastJobInput): ForecastMethod {
  const method = input.method ?? 'auto';
  if (!isForecastMethod(method))
    throw new InvalidArgumentError('method', `unknown forecasting method "${method}"`, { value: method });
  return method;
}

/**
 * Forecasts every series of a long-format file on every core, in shards of series (any worker of a
 * scaled-out queue takes one) and, within a shard, in batches: each batch's forecasts are written as
 * an Arrow part before its checkpoint, so a killed worker's shard resumes at the next batch with no
 * series lost or forecast twice. A series that cannot be read or forecast gets one row with its
 * reason; the others go on. Progress counts the series read.
 */
export default defineShardedJob<ForecastJobInput, ShardState, ForecastJobResult, SeriesShard, ShardOutput>({
  // The input is read once, here. A shard cannot take a byte range of it: long-format rows need not be
  // grouped by series, and a series is made from all its rows (sorted, checked for a frequency), so
  // the plan, which holds every series after its read, writes each shard's series (parsed, bit for
  // bit) to a file of its own in the results directory, where any worker finds it.
  async plan(ctx) {
    methodOf(ctx.input);
    const set = await readJobSeries(ctx.input, ctx.signal);
    const total = set.series.length;
    if (total * ctx.input.h > MAX_FORECAST_ROWS)
      throw new InvalidArgumentError(
        'h',
        `${total} series × h ${ctx.input.h} is ${total * ctx.input.h} forecast rows; a job writes at most ${MAX_FORECAST_ROWS}: submit fewer series per job or a shorter horizon`,
        { value: ctx.input.h },
      );
    const shards = shardRanges(total, ctx.input.shardSize ?? Math.max(5_000, Math.ceil(total / 64)));
    mkdirSync(inputDir(ctx.resultsDir), { recursive: true });
    shards.forEach((s, i) => {
      throwIfAborted(ctx.signal);
      const series = set.series.slice(s.first, s.first + s.units);
      writeWhole(seriesFile(ctx.resultsDir, i), encodeSeries(series, set.frequencies));
    });
    const report: ReadReport = { series: total, failed: set.failed, warnings: set.warnings };
    writeWhole(reportFile(ctx.resultsDir), JSON.stringify(report));
    return shards;
  },

  async runShard(ctx) {
    const input = ctx.input;
    const method = methodOf(input);
    const levels = input.levels ?? [80, 95];
    const { series, frequencies } = decodeSeries(readFileSync(seriesFile(ctx.resultsDir, ctx.index)));
    const state: ShardState = ctx.resume ?? { done: 0, parts: 0, failed: 0 };
    const parts = new ArrowParts(shardDir(ctx.resultsDir, ctx.index));
    parts.prepare(state.parts);
    ctx.progress(state.done);
    const batchSize = input.batchSize ?? 64;
    const pool = ForecastPool.open(input.threads ?? availableParallelism());
    try {
      while (state.done < series.length) {
        throwIfAborted(ctx.signal);
        const batch = series.slice(state.done, state.done + batchSize);
        const results = await pool.forecast(batch, {
          method,
          h: input.h,
          levels,
          signal: ctx.signal,
          onProgress: (done) => ctx.progress(state.done + done),
        });
        parts.writePart(state.parts, forecastTable(batch, results, levels, frequencies));
        state.parts++;
        state.done += batch.length;
        state.failed += results.filter((r) => r.error).length;
        await ctx.saveCheckpoint(state, { done: state.done });
      }
    } finally {
      await pool.close();
    }
    return { parts: state.parts, failed: state.failed };
  },

  async assemble(ctx) {
    const input = ctx.input;
    const levels = input.levels ?? [80, 95];
    const set = JSON.parse(readFileSync(reportFile(ctx.resultsDir), 'utf8')) as ReadReport;
    const files = ctx.outputs.flatMap((o, i) => {
      const parts = new ArrowParts(shardDir(ctx.resultsDir, i));
      return Array.from({ length: o.parts }, (_, p) => parts.part(p));
    });
    // Series that could not be read get their rows too, in one last part (rewritten on a retry).
    if (set.failed.length) {
      const last = new ArrowParts(shardDir(ctx.resultsDir, ctx.outputs.length));
      last.prepare(0);
      const placeholders = set.failed.map((f) => ({ id: f.id, values: new Float64Array(0), period: 1 }));
      const errors = set.failed.map((f) => ({ id: f.id, error: { code: f.code, message: f.message } }));
      last.writePart(0, forecastTable(placeholders, errors, levels, new Map()));
      files.push(last.part(0));
    }
    const outDir = input.outputDir ?? ctx.resultsDir;
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, 'forecasts.arrow');
    // An assemble run again after it removed the parts (its worker died before the job ended) keeps its output.
    if (existsSync(join(ctx.resultsDir, 'shards')) || !existsSync(output))
      await ArrowParts.concat(files, output);
    rmSync(join(ctx.resultsDir, 'shards'), { recursive: true, force: true });
    rmSync(inputDir(ctx.resultsDir), { recursive: true, force: true });
    return {
      output,
      series: set.series + set.failed.length,
      failed: ctx.outputs.reduce((n, o) => n + o.failed, 0) + set.failed.length,
      warnings: set.warnings,
    };
  },
});
