import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, tableToArrowBytes, throwIfAborted } from '@strata/core';
import { defineJob, type Json } from '@strata/jobs';
import type { AsyncForecaster } from '../evaluation/backtest.js';
import { checkBacktestOptions, planBacktest } from '../evaluation/backtest-windows.js';
import { compareModels, summariseBacktests, type ModelSummary } from '../evaluation/compare-models.js';
import { horizon } from '../models/inputs.js';
import { isForecastMethod } from '../models/registry.js';
import { ForecastPool } from '../pool/forecast-pool.js';
import type { Series } from '../series/series.js';
import { backtestTable, comparisonRows, type BacktestRow } from './backtest-table.js';
import { openNeuralModels } from './neural-models.js';
import { readJobSeries } from './job-series.js';
import { decodeSeries } from './series-file.js';

/** A series of the job's input that could not be read, and its place among the input's series. */
export interface UnreadSeries {
  [key: string]: Json | undefined;
  readonly index: number;
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/** Input of the `timeseries.backtest` job. */
export interface BacktestJobInput {
  [key: string]: Json | undefined;
  /** The series: a file of `encodeSeries` (ending `.series`), or a long-format CSV or Arrow (`.arrow`) file. */
  readonly input: string;
  /** Models to compare: statistical ones, and ONNX forecasters found in `modelsDir`. */
  readonly models: string[];
  /** Steps forecast from each origin. */
  readonly h: number;
  /** Forecast origins. @defaultValue as many as fit in each series, up to 3 (see `planBacktest`) */
  readonly windows?: number;
  /** Steps between origins. @defaultValue the horizon */
  readonly step?: number;
  /** @defaultValue `[80, 95]` */
  readonly levels?: number[];
  /** Seasonal period of every series of a long-format file. @defaultValue from each series' frequency */
  readonly period?: number;
  /** Missing values of a long-format file. @defaultValue `'error'` */
  readonly missing?: 'error' | 'interpolate';
  /** Series of a `.series` input read before the job that could not be. @defaultValue none */
  readonly unread?: UnreadSeries[];
  /**
   * What reading the series before the job changed (interpolated values), given first among the
   * result's warnings. @defaultValue none
   */
  readonly warnings?: string[];
  /** Where the ONNX models named in `models` are. @defaultValue none: statistical models only */
  readonly modelsDir?: string;
  /** Forecasting threads. @defaultValue every core */
  readonly threads?: number;
}

/** What the job returns: where its rows are, and what clients see of them. */
export interface BacktestJobResult {
  [key: string]: Json | undefined;
  /** One row per series and model (see `backtestTable`), as an Arrow IPC file. */
  readonly output: string;
  readonly series: number;
  readonly models: string[];
  readonly h: number;
  /** The windows asked; null when left to fit each series. */
  readonly windows: number | null;
  /** Each model's mean MASE and sMAPE over the series. */
  readonly summary: (ModelSummary & { [key: string]: Json | undefined })[];
  /** Windows fewer or horizons shorter than asked, and interpolations. */
  readonly warnings: string[];
}

interface Checkpoint {
  [key: string]: Json;
  /** Series whose rows are written. */
  series: number;
  /** Forecasts made for them (the job's progress). */
  forecasts: number;
}

/** Series compared at once: the forecasting threads take their windows together. */
const BATCH = 8;

const rowsFile = (dir: string) => join(dir, 'rows.jsonl');

/** The input's series, those that could not be read with their places, and what reading them changed. */
async function seriesOf(input: BacktestJobInput, signal: AbortSignal) {
  const before = input.warnings ?? [];
  if (input.input.endsWith('.series'))
    return { ...decodeSeries(readFileSync(input.input)), unread: input.unread ?? [], warnings: before };
  const set = await readJobSeries(input, signal);
  // A long-format file's unreadable series have no place among the others: they come last.
  const unread = set.failed.map((f, i) => ({ ...f, index: set.series.length + i }));
  return { series: set.series, unread, warnings: [...before, ...set.warnings] };
}

/**
 * The input checked again at entry (a queue may hold input no API checked): a bad horizon, window
 * count, step, interval level or model list fails the job naming it, instead of becoming the error
 * of every row of a job that succeeds.
 */
function checkInput(input: BacktestJobInput): void {
  const file: unknown = input.input;
  if (typeof file !== 'string' || !file)
    throw new InvalidArgumentError('input', `input must name a file of series, got ${JSON.stringify(file)}`, {
      value: file,
    });
  const models: unknown = input.models;
  if (!Array.isArray(models) || !models.length || !models.every((m) => typeof m === 'string' && m)) {
    const got = JSON.stringify(models);
    throw new InvalidArgumentError('models', `models must list one or more model names, got ${got}`, {
      value: models,
    });
  }
  checkBacktestOptions(input);
  horizon(input); // the interval levels
}

/** One series' line of the rows file: its rows, and what its windows changed. */
type Compared = { rows: BacktestRow[]; note: string | null };

/** The lines written by earlier attempts for the series their checkpoint covers (a later one is dropped). */
function comparedSoFar(dir: string, series: number): Compared[] {
  const file = rowsFile(dir);
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const kept = lines.slice(0, series);
  writeFileSync(file, kept.map((l) => `${l}\n`).join(''));
  return kept.map((l) => JSON.parse(l) as Compared);
}

/** The forecasts a series' backtest makes: its windows for every model (none when it cannot be backtested). */
function forecastsOf(s: Series, input: BacktestJobInput): number {
  try {
    const shape = { id: s.id, length: s.values.length, period: s.period };
    return planBacktest(shape, input).windows * input.models.length;
  } catch {
    return 0;
  }
}

/**
 * Backtests several models on every series of a file: each series' models over the same
 * rolling-origin windows (`compareModels`; without `windows`, as many as fit), on the forecasting
 * threads. Each batch of series' rows is written before its checkpoint, so a resumed job goes on
 * from the next series. Progress counts forecasts (windows × models). A series that cannot be read or
 * backtested gets its error in each model's row; the others go on.
 */
export default defineJob<BacktestJobInput, Checkpoint, BacktestJobResult>({
  async run(ctx) {
    const input = ctx.input;
    checkInput(input);
    const levels = input.levels ?? [80, 95];
    const statistical = input.models.filter(isForecastMethod);
    const neuralIds = input.models.filter((m) => !isForecastMethod(m));
    if (neuralIds.length && !input.modelsDir)
      throw new InvalidArgumentError(
        'models',
        `"${neuralIds[0]}" is no statistical model, and the job has no modelsDir to find ONNX models in`,
        { value: neuralIds[0] },
      );
    const { series, unread, warnings } = await seriesOf(input, ctx.signal);
    const total = series.reduce((n, s) => n + forecastsOf(s, input), 0);
    const state: Checkpoint = ctx.resume ?? { series: 0, forecasts: 0 };
    const written = comparedSoFar(ctx.resultsDir, state.series);
    ctx.progress(state.forecasts, total);
    const neural = neuralIds.length ? await openNeuralModels(input.modelsDir!, neuralIds) : undefined;
    const pool = ForecastPool.open(statistical.length ? (input.threads ?? availableParallelism()) : 0);
    const counted =
      (f: AsyncForecaster): AsyncForecaster =>
      async (s, o) => {
        try {
          return await f(s, o);
        } finally {
          ctx.progress(++state.forecasts, total);
        }
      };
    const forecasterOf = (model: string) =>
      counted(isForecastMethod(model) ? pool.forecaster(model) : neural!.get(model)!.forecaster);
    const options = {
      h: input.h,
      levels,
      // Cancelling the job cancels every comparison's forecasts, beside each forecast's own limits.
      signal: ctx.signal,
      ...(input.windows !== undefined ? { windows: input.windows } : {}),
      ...(input.step !== undefined ? { step: input.step } : {}),
    };
    try {
      while (state.series < series.length) {
        throwIfAborted(ctx.signal);
        const batch = series.slice(state.series, state.series + BATCH);
        const compared = await Promise.all(
          batch.map((s) => compareModels(s, input.models, forecasterOf, options)),
        );
        const lines = compared.map((c): Compared => ({
          rows: comparisonRows(c),
          note: c.plan?.note ?? null,
        }));
        appendFileSync(rowsFile(ctx.resultsDir), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
        written.push(...lines);
        state.series += batch.length;
        await ctx.saveCheckpoint(state, { done: state.forecasts, total });
      }
    } finally {
      await Promise.all([pool.close(), neural?.close()]);
    }
    return finish(ctx.resultsDir, { input, written, unread, warnings, levels });
  },
});

/** The job's rows in input order, the unread series' among them, as its Arrow file; and its result. */
function finish(
  dir: string,
  done: {
    input: BacktestJobInput;
    written: Compared[];
    unread: readonly UnreadSeries[];
    warnings: string[];
    levels: readonly number[];
  },
): BacktestJobResult {
  const { input, written, unread, levels } = done;
  const bySeries: BacktestRow[][] = [];
  const places = new Map(unread.map((u) => [u.index, u]));
  for (let i = 0, next = 0; i < written.length + unread.length; i++) {
    const u = places.get(i);
    bySeries.push(
      u
        ? input.models.map((model) => ({
            id: u.id,
            model,
            h: null,
            windows: null,
            best: false,
            mase: null,
            smape: null,
            mae: null,
            rmse: null,
            msis: null,
            coverage: {},
            error: `${u.code}: ${u.message}`,
          }))
        : written[next++]!.rows,
    );
  }
  const rows = bySeries.flat();
  const output = join(dir, 'backtest.arrow');
  writeFileSync(output, tableToArrowBytes(backtestTable(rows, levels)));
  const notes = written.flatMap((c) => (c.note ? [c.note] : []));
  return {
    output,
    series: bySeries.length,
    models: input.models,
    h: input.h,
    windows: input.windows ?? null,
    summary: summariseBacktests(
      input.models,
      rows.filter((r) => r.error === null),
    ).map((m) => ({ ...m })),
    warnings: [...done.warnings, ...notes],
  };
}
