import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arrowBytesToTable, tableToRows } from '@strata/core';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { backtest } from '../evaluation/backtest.js';
import { FORECASTERS } from '../models/registry.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import type { BacktestJobInput, BacktestJobResult } from './backtest.job.js';
import { encodeSeries } from './series-file.js';

const handlers = {
  'timeseries.backtest': new URL(
    `./backtest.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
    import.meta.url,
  ),
};
const modelsDir = fileURLToPath(new URL('../../../../models', import.meta.url));
const openQueue = (dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'))) =>
  EmbeddedJobQueue.open({ dir, handlers, workers: 1 });
const rowsOf = (path: string) => tableToRows(arrowBytesToTable(readFileSync(path)));

const monthly = referenceSeries()
  .filter((r) => r.period === 12 && r.train.length >= 60 && r.train.length <= 200)
  .slice(0, 6)
  .map((r) => series(r.name, r.train, { period: 12 }));

/** The series as the API hands them to a job: a `.series` file. */
function seriesFile(list = monthly): string {
  const path = join(mkdtempSync(join(tmpdir(), 'strata-ts-')), 'input.series');
  writeFileSync(path, encodeSeries(list, new Map()));
  return path;
}

async function run(input: BacktestJobInput, queue?: EmbeddedJobQueue) {
  const q = queue ?? (await openQueue());
  const job = await q.submit({ kind: 'timeseries.backtest', input });
  const done = await q.wait(job.id);
  if (!queue) await q.close();
  return done;
}

describe('the timeseries.backtest job', () => {
  it('backtests every model on every series, rows in input order, an unread series in its place', async () => {
    const short = series('short', monthly[0]!.values.subarray(0, 40), { period: 12 });
    const input = seriesFile([monthly[0]!, short, monthly[1]!]);
    const unread = [{ index: 1, id: 'gappy', code: 'SERIES_MISSING_VALUE', message: 'a gap' }];
    const done = await run({ input, models: ['snaive', 'theta'], h: 12, unread, threads: 2 });
    expect(done.error).toBeNull();
    const result = done.result as BacktestJobResult;
    expect(result).toMatchObject({ series: 4, models: ['snaive', 'theta'], h: 12, windows: null });
    const rows = rowsOf(result.output);
    expect(rows.map((r) => `${String(r.id)}/${String(r.model)}`)).toEqual([
      `${monthly[0]!.id}/snaive`,
      `${monthly[0]!.id}/theta`,
      'gappy/snaive',
      'gappy/theta',
      'short/snaive',
      'short/theta',
      `${monthly[1]!.id}/snaive`,
      `${monthly[1]!.id}/theta`,
    ]);
    // The metrics are the package's backtest's, over the windows that fit.
    const theta = backtest(monthly[0]!, FORECASTERS.theta, { h: 12, windows: 3 }).metrics;
    expect(rows[1]).toMatchObject({ h: 12, windows: 3, mase: theta.mase, coverage_95: theta.coverage[95] });
    expect(rows[2]).toMatchObject({ h: null, mase: null, error: 'SERIES_MISSING_VALUE: a gap' });
    // 40 values hold 2 windows of 12 steps that train on 13 or more: fewer than 3, and said so.
    expect(rows[4]).toMatchObject({ h: 12, windows: 2, error: null });
    expect(result.warnings).toEqual([
      expect.stringMatching(/"short": 2 windows of 12 steps fit in its 40 values/),
    ]);
    for (const id of [monthly[0]!.id, 'short'])
      expect(rows.filter((r) => r.id === id && r.best)).toHaveLength(1);
    // Progress counts forecasts: windows × models of each series that could be backtested.
    expect(done.progress).toMatchObject({ done: (3 + 2 + 3) * 2, total: (3 + 2 + 3) * 2 });
    expect(result.summary.map((s) => s.series)).toEqual([3, 3]);
  });

  it('backtests the ONNX forecasters of its models directory beside the statistical ones', async () => {
    const done = await run({
      input: seriesFile(monthly.slice(0, 2)),
      models: ['timeseries-mlp', 'naive'],
      h: 6,
      windows: 2,
      modelsDir,
      threads: 1,
    });
    expect(done.error).toBeNull();
    const rows = rowsOf((done.result as BacktestJobResult).output);
    expect(rows.filter((r) => r.model === 'timeseries-mlp').every((r) => typeof r.mase === 'number')).toBe(
      true,
    );
    expect(rows.every((r) => r.windows === 2)).toBe(true);
  });

  it('reads a long-format CSV as the forecast job does', async () => {
    const month = (k: number) => new Date(Date.UTC(2000, k, 1)).toISOString().slice(0, 10);
    const lines = ['unique_id,ds,y', ...Array.from(monthly[2]!.values, (v, k) => `m,${month(k)},${v}`)];
    const path = join(mkdtempSync(join(tmpdir(), 'strata-ts-')), 'one.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const done = await run({ input: path, models: ['snaive'], h: 6, windows: 2 });
    const rows = rowsOf((done.result as BacktestJobResult).output);
    const expected = backtest(series('m', monthly[2]!.values, { period: 12 }), FORECASTERS.snaive, {
      h: 6,
      windows: 2,
    });
    expect(rows).toEqual([expect.objectContaining({ id: 'm', best: true, mase: expected.metrics.mase })]);
  });

  it('resumes after the queue stops mid-run with no series lost or repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'));
    const first = await openQueue(dir);
    const many = Array.from({ length: 2 }, () => monthly).flat();
    const renamed = many.map((s, i) => ({ ...s, id: `${s.id}-${i}` }));
    const job = await first.submit({
      kind: 'timeseries.backtest',
      input: { input: seriesFile(renamed), models: ['ets'], h: 6, threads: 1 },
    });
    // Past the first batch of 8 series, checkpointed.
    await new Promise<void>((resolve) => {
      const stop = first.subscribe(
        (e) => e.job.resumedFrom === 0 && e.job.progress.done >= 8 * 3 + 1 && (stop(), resolve()),
        {
          jobId: job.id,
        },
      );
    });
    await first.close();
    const second = await openQueue(dir);
    // Every progress of the second attempt, from its first: a restart from zero would report 0 first.
    const progress: number[] = [];
    const stop = second.subscribe((e) => e.type === 'progress' && progress.push(e.job.progress.done), {
      jobId: job.id,
    });
    const done = await second.wait(job.id);
    stop();
    await second.close();
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
    // It went on from its checkpoint (the first batch's 8 series × 3 windows at least), never below it.
    expect(done.resumedFrom).toBeGreaterThanOrEqual(8 * 3);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.min(...progress)).toBeGreaterThanOrEqual(done.resumedFrom);
    expect(done.progress).toMatchObject({ done: renamed.length * 3, total: renamed.length * 3 });
    const rows = rowsOf((done.result as BacktestJobResult).output);
    expect(rows.map((r) => r.id)).toEqual(renamed.map((s) => s.id));
  });

  it('fails at entry naming a bad horizon, window count, step, level or model list', async () => {
    const input = seriesFile(monthly.slice(0, 1));
    const q = await openQueue();
    try {
      const cases: [Partial<BacktestJobInput>, RegExp][] = [
        [{ h: 0 }, /h must be a whole number >= 1, got 0/],
        [{ h: 2.5 }, /h must be a whole number >= 1, got 2.5/],
        [{ windows: -1 }, /windows must be a whole number >= 1, got -1/],
        [{ step: 0 }, /step must be a whole number >= 1, got 0/],
        [{ levels: [80, 100] }, /interval levels are percentages in \(0, 100\), got 100/],
        [{ models: [] }, /models must list one or more model names, got \[\]/],
      ];
      for (const [bad, message] of cases) {
        const done = await run({ input, models: ['snaive'], h: 6, ...bad }, q);
        expect(done.state, JSON.stringify(bad)).toBe('failed');
        expect(done.error).toMatchObject({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(message),
        });
        expect(done.result).toBeNull();
      }
    } finally {
      await q.close();
    }
  });

  it('gives the warnings of the series’ reading before the job first among its own', async () => {
    const short = series('short', monthly[0]!.values.subarray(0, 40), { period: 12 });
    const read = 'series "short": interpolated 1 missing value';
    const done = await run({ input: seriesFile([short]), models: ['snaive'], h: 12, warnings: [read] });
    expect((done.result as BacktestJobResult).warnings).toEqual([
      read,
      expect.stringMatching(/"short": 2 windows of 12 steps fit/),
    ]);
  });

  it('stops the forecasts it is running when it is cancelled', async () => {
    // Minutes of ETS fitting without a limit.
    const long = series(
      'long',
      Array.from(
        { length: 20_000 },
        (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13),
      ),
      { period: 24 },
    );
    const q = await openQueue();
    try {
      const job = await q.submit({
        kind: 'timeseries.backtest',
        input: { input: seriesFile([long]), models: ['ets'], h: 24, windows: 1, threads: 1 },
      });
      await new Promise<void>((resolve) => {
        const stop = q.subscribe((e) => e.job.state === 'running' && (stop(), resolve()), { jobId: job.id });
      });
      // Time for the fit to start on its thread: a cancel before it would end the job between series.
      await new Promise((r) => setTimeout(r, 1_000));
      await q.cancel(job.id);
      expect(await q.wait(job.id)).toMatchObject({ state: 'cancelled' });
    } finally {
      await q.close();
    }
  });

  it('fails naming the model when an ONNX model is asked for without a models directory, or unknown', async () => {
    const input = seriesFile(monthly.slice(0, 1));
    const without = await run({ input, models: ['theta', 'timeseries-mlp'], h: 6 });
    expect(without.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(without.error!.message).toMatch(/"timeseries-mlp" is no statistical model/);
    const unknown = await run({ input, models: ['nonsense'], h: 6, modelsDir });
    expect(unknown.error!.message).toMatch(
      /unknown model "nonsense"; the ONNX forecasters are timeseries-mlp/,
    );
  });
});
