import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrowBytesToTable, tableToRows } from '@strata/core';
import { EmbeddedJobQueue } from '@strata/jobs/embedded';
import { describe, expect, it } from 'vitest';
import { theta } from '../models/theta.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import forecastJob, { type ForecastJobInput, type ForecastJobResult } from './forecast.job.js';

const handlers = {
  'timeseries.forecast': new URL(
    `./forecast.job.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
    import.meta.url,
  ),
};
const openQueue = (dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'))) =>
  EmbeddedJobQueue.open({ dir, handlers, workers: 1 });

/** Monthly reference series as a long CSV from January 2000, with one series too short to forecast. */
function panel(): { path: string; ids: string[] } {
  const refs = referenceSeries()
    .filter((r) => r.period === 12 && r.train.length <= 200)
    .slice(0, 20);
  const lines = ['unique_id,ds,y'];
  const month = (k: number) => new Date(Date.UTC(2000, k, 1)).toISOString().slice(0, 10);
  for (const r of refs) r.train.forEach((v, k) => lines.push(`${r.name},${month(k)},${v}`));
  lines.push(`tiny,${month(0)},5`, `tiny,${month(1)},6`);
  const path = join(mkdtempSync(join(tmpdir(), 'strata-ts-')), 'panel.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, ids: [...refs.map((r) => r.name), 'tiny'] };
}

/** The same panel with its rows in time order, the series interleaved (long format need not group them). */
function interleaved(): { path: string; ids: string[] } {
  const { path, ids } = panel();
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const sorted = rows
    .map((line, k) => ({ line, k, ds: line.split(',')[1]! }))
    .sort((a, b) => a.ds.localeCompare(b.ds) || a.k - b.k);
  writeFileSync(path, `${[header, ...sorted.map((r) => r.line)].join('\n')}\n`);
  return { path, ids };
}

const rowsOf = (path: string) => tableToRows(arrowBytesToTable(readFileSync(path)));
const progressReaches = (queue: EmbeddedJobQueue, jobId: string, n: number) =>
  new Promise<void>((resolve) => {
    const stop = queue.subscribe((e) => e.job.progress.done >= n && (stop(), resolve()), { jobId });
  });

describe('the timeseries.forecast job', () => {
  it('forecasts every series of a long CSV into long-format Arrow, a bad series as a row with its reason', async () => {
    const { path, ids } = panel();
    const queue = await openQueue();
    const job = await queue.submit({
      kind: 'timeseries.forecast',
      input: { input: path, method: 'theta', h: 6, threads: 2, batchSize: 8 },
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.error).toBeNull();
    const result = done.result as ForecastJobResult;
    expect(result).toMatchObject({ series: ids.length, failed: 1 });
    const rows = rowsOf(result.output);
    expect([...new Set(rows.map((r) => r.id))]).toEqual(ids);
    const tiny = rows.filter((r) => r.id === 'tiny');
    expect(tiny).toHaveLength(1);
    expect(tiny[0]).toMatchObject({ step: null, mean: null });
    expect(tiny[0]!.error).toMatch(/^SERIES_TOO_SHORT: series "tiny" has 2 values/);
    // Each series' rows are what theta gives on its own, with timestamps continuing the monthly data.
    const air = referenceSeries().find((r) => r.name === ids[0])!;
    const f = theta(series(air.name, air.train, { period: 12 }), { h: 6 });
    const airRows = rows.filter((r) => r.id === air.name);
    expect(airRows.map((r) => r.mean)).toEqual(Array.from(f.mean));
    expect(airRows.map((r) => r.hi_95)).toEqual(Array.from(f.intervals[1]!.upper));
    expect(airRows[0]!.timestamp).toBe(Date.UTC(2000, air.train.length, 1));
    expect(airRows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('resumes after the queue stops mid-run with no series lost or repeated', async () => {
    const { path, ids } = panel();
    const dir = mkdtempSync(join(tmpdir(), 'strata-jobs-'));
    const first = await openQueue(dir);
    const job = await first.submit({
      kind: 'timeseries.forecast',
      input: { input: path, method: 'theta', h: 3, threads: 1, batchSize: 3 },
    });
    await progressReaches(first, job.id, 6);
    await first.close();
    const second = await openQueue(dir);
    const done = await second.wait(job.id);
    await second.close();
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(done.resumedFrom).toBeGreaterThanOrEqual(6);
    const rows = rowsOf((done.result as ForecastJobResult).output);
    const perSeries = ids.map((id) => rows.filter((r) => r.id === id).length);
    expect(perSeries).toEqual(ids.map((id) => (id === 'tiny' ? 1 : 3)));
  });

  it('gives the same rows in shards as in one piece', async () => {
    const { path } = panel();
    const queue = await openQueue();
    const run = async (shardSize: number) => {
      const job = await queue.submit({
        kind: 'timeseries.forecast',
        input: { input: path, method: 'theta', h: 4, threads: 1, batchSize: 3, shardSize },
      });
      const done = await queue.wait(job.id);
      expect(done.progress).toMatchObject({ done: 21, total: 21 });
      return rowsOf((done.result as ForecastJobResult).output);
    };
    const whole = await run(1000);
    expect(whole.length).toBeGreaterThan(80);
    expect(await run(7)).toEqual(whole);
    await queue.close();
  });

  it('reads the input once: after the plan, shards and assembly need only the results directory', async () => {
    const { path, ids } = interleaved();
    const settings = { input: path, method: 'theta', h: 4, threads: 1, batchSize: 3 };
    const queue = await openQueue();
    const job = await queue.submit({ kind: 'timeseries.forecast', input: { ...settings, shardSize: 1000 } });
    const whole = rowsOf(((await queue.wait(job.id)).result as ForecastJobResult).output);
    await queue.close();
    expect([...new Set(whole.map((r) => r.id))]).toEqual(ids);
    // The phases as a queue runs them, the input gone once planned.
    const input: ForecastJobInput = { ...settings, shardSize: 7 };
    const ctx = {
      jobId: 'once',
      input,
      resultsDir: mkdtempSync(join(tmpdir(), 'strata-ts-')),
      signal: new AbortController().signal,
    };
    const shards = await forecastJob.plan(ctx);
    expect(shards.map((s) => s.units)).toEqual([7, 7, 7]);
    rmSync(path);
    const outputs = [];
    for (const [index, shard] of shards.entries()) {
      const shardCtx = {
        ...ctx,
        shard,
        index,
        resume: undefined,
        progress() {},
        saveCheckpoint: async () => {},
      };
      outputs.push(await forecastJob.runShard(shardCtx));
    }
    const result = await forecastJob.assemble({ ...ctx, outputs, progress() {} });
    expect(result).toMatchObject({ series: ids.length, failed: 1 });
    expect(rowsOf(result.output)).toEqual(whole);
  });

  it('fails with a clear error for an unknown method', async () => {
    const { path } = panel();
    const queue = await openQueue();
    const job = await queue.submit({
      kind: 'timeseries.forecast',
      input: { input: path, method: 'prophet', h: 3 },
    });
    const done = await queue.wait(job.id);
    await queue.close();
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(done.error!.message).toMatch(/unknown forecasting method "prophet"/);
  });

  it('fails a file it cannot read with a code naming the file and the line, the first line that is wrong', async () => {
    const { path } = panel();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const cases: [string, string, RegExp][] = [
      [
        [...lines.slice(0, 5), `"open${lines[5]}`, ...lines.slice(6)].join('\n'),
        'SERIES_FORMAT',
        /^panel\.csv: line 6: the quoted cell/,
      ],
      [
        [...lines.slice(0, 9), 'x,2000-01-01', ...lines.slice(9)].join('\r\n'),
        'SERIES_FORMAT',
        /^panel\.csv: line 10: 2 cells/,
      ],
      ['id,timestamp,value\r\n', 'SERIES_FORMAT', /^panel\.csv holds no series: it has a header and no rows/],
      ['id,value\na,1\n', 'COLUMN_NOT_FOUND', /^panel\.csv: no timestamp column/],
    ];
    const queue = await openQueue();
    for (const [text, code, message] of cases) {
      writeFileSync(path, text);
      const job = await queue.submit({
        kind: 'timeseries.forecast',
        input: { input: path, method: 'naive', h: 3 },
      });
      const done = await queue.wait(job.id);
      expect(done.state).toBe('failed');
      expect(done.error).toMatchObject({ code });
      expect(done.error!.message).toMatch(message);
    }
    await queue.close();
  });
});
