import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineJob, InvalidArgumentError, throwIfAborted, type Json } from '@strata/core';
import { ArrowParts } from '@strata/core/node';
import { isForecastMethod, type ForecastMethod } from '../models/registry.js';
import { ForecastPool } from '../pool/forecast-pool.js';
import { readLongArrow } from '../series/long-arrow.js';
import { readLongCsv } from '../series/long-csv.js';
import type { SeriesSet } from '../series/long-format.js';
import { forecastTable } from './forecast-table.js';

/** Input of the `timeseries.forecast` job. */
export interface ForecastJobInput {
  [key: string]: Json | undefined;
  /** A long-format file (`id, timestamp, value`): CSV, or Arrow IPC when it ends in `.arrow`. */
  readonly input: string;
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

interface Checkpoint {
  [key: string]: Json;
  done: number;
  parts: number;
  failed: number;
}

function readSeries(input: ForecastJobInput): SeriesSet {
  const options = {
    ...(input.period !== undefined ? { period: input.period } : {}),
    ...(input.missing ? { missing: input.missing } : {}),
    invalidSeries: 'report' as const,
  };
  return input.input.endsWith('.arrow')
    ? readLongArrow(readFileSync(input.input), options)
    : readLongCsv(readFileSync(input.input, 'utf8'), options);
}

/**
 * Forecasts every series of a long-format file on every core, in batches: each batch's forecasts are
 * written as an Arrow part before its checkpoint, so a killed job resumes at the next batch with no
 * series lost or forecast twice. A series that cannot be read or forecast gets one row with its
 * reason; the others go on. Progress counts the series read.
 */
export default defineJob<ForecastJobInput, Checkpoint, ForecastJobResult>({
  async run(ctx) {
    const input = ctx.input;
    const method = input.method ?? 'auto';
    if (!isForecastMethod(method))
      throw new InvalidArgumentError('method', `unknown forecasting method "${method}"`, { value: method });
    const levels = input.levels ?? [80, 95];
    const set = readSeries(input);
    const total = set.series.length;
    const state: Checkpoint = ctx.resume ?? { done: 0, parts: 0, failed: 0 };
    const parts = new ArrowParts(ctx.resultsDir);
    parts.prepare(state.parts);
    ctx.progress(state.done, total);
    const batchSize = input.batchSize ?? 64;
    const pool = ForecastPool.open(input.threads ?? availableParallelism());
    try {
      while (state.done < total) {
        throwIfAborted(ctx.signal);
        const batch = set.series.slice(state.done, state.done + batchSize);
        const results = await pool.forecast(batch, {
          method: method as ForecastMethod,
          h: input.h,
          levels,
          signal: ctx.signal,
          onProgress: (done) => ctx.progress(state.done + done, total),
        });
        parts.writePart(state.parts, forecastTable(batch, results, levels, set.frequencies));
        state.parts++;
        state.done += batch.length;
        state.failed += results.filter((r) => r.error).length;
        await ctx.saveCheckpoint(state, { done: state.done, total });
      }
    } finally {
      await pool.close();
    }
    // Series that could not be read get their rows too, in one last part (rewritten, not added, on a resume).
    let count = state.parts;
    if (set.failed.length) {
      const placeholders = set.failed.map((f) => ({ id: f.id, values: new Float64Array(0), period: 1 }));
      const errors = set.failed.map((f) => ({ id: f.id, error: { code: f.code, message: f.message } }));
      parts.writePart(count++, forecastTable(placeholders, errors, levels, set.frequencies));
    }
    const outDir = input.outputDir ?? ctx.resultsDir;
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, 'forecasts.arrow');
    await parts.merge(count, output);
    return {
      output,
      series: total + set.failed.length,
      failed: state.failed + set.failed.length,
      warnings: set.warnings,
    };
  },
});
