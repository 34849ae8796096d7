import { describe, expect, it } from 'vitest';
import { isStrataError } from '@strata/core';
import { compareModels } from '../evaluation/compare-models.js';
import { ets } from '../models/ets/ets.js';
import { naive } from '../models/baselines.js';
import type { ForecastMethod } from '../models/registry.js';
import { series } from '../series/series.js';
import { referenceSeries } from '../testing/reference.js';
import { ForecastPool, forecastMany } from './forecast-pool.js';

describe('forecastMany', () => {
  const refs = referenceSeries()
    .filter((r) => r.train.length < 150)
    .slice(0, 8);
  const list = refs.map((r) => series(r.name, r.train, { period: r.period }));

  it('forecasts every series on worker threads, in input order, as on the calling thread', async () => {
    const progress: number[] = [];
    const threaded = await forecastMany(list, {
      method: 'ets',
      h: 6,
      threads: 2,
      onProgress: (d) => progress.push(d),
    });
    expect(threaded.map((r) => r.id)).toEqual(list.map((s) => s.id));
    expect(progress).toEqual(list.map((_, i) => i + 1));
    for (const [i, r] of threaded.entries()) {
      const local = ets(list[i]!, { h: 6 });
      expect(r.forecast!.model).toBe(local.model);
      expect(Array.from(r.forecast!.mean)).toEqual(Array.from(local.mean));
      expect(r.forecast!.aicc).toBe(local.aicc);
    }
  });

  it('gives a series that cannot be forecast an error entry and carries on with the rest', async () => {
    const bad = series('gappy', [1, 2, NaN, 4, 5, 6, 7]);
    const results = await forecastMany([list[0]!, bad, list[1]!], { method: 'theta', h: 3, threads: 2 });
    expect(results[0]!.forecast).toBeDefined();
    expect(results[1]!.error!.code).toBe('SERIES_MISSING_VALUE');
    expect(results[1]!.error!.message).toMatch(/index 2/);
    expect(results[2]!.forecast).toBeDefined();
  });

  it('serves one method as an async forecaster, a series it cannot forecast rejecting with its code', async () => {
    const pool = ForecastPool.open(1, { inlineValues: 0 });
    try {
      const forecaster = pool.forecaster('ets');
      const f = await forecaster(list[0]!, { h: 6, levels: [90] });
      const local = ets(list[0]!, { h: 6, levels: [90] });
      expect(Array.from(f.mean)).toEqual(Array.from(local.mean));
      expect(f.intervals.map((i) => i.level)).toEqual([90]);
      await expect(forecaster(series('gappy', [1, 2, NaN, 4, 5, 6, 7]), { h: 3 })).rejects.toMatchObject({
        code: 'SERIES_MISSING_VALUE',
      });
    } finally {
      await pool.close();
    }
  });

  it('serves a comparison of many models at once without piling listeners onto its signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const pool = ForecastPool.open(1, { inlineValues: 0 });
    try {
      // Five models × three windows: fifteen forecasts under the one comparison's signal at once.
      const models = ['naive', 'snaive', 'drift', 'mean', 'theta'] as const;
      const caller = new AbortController();
      const c = await compareModels(list[0]!, models, (m) => pool.forecaster(m as ForecastMethod), {
        h: 3,
        signal: caller.signal,
      });
      expect(c.models.every((m) => m.metrics !== null)).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await pool.close();
    }
  });

  it('rejects an unknown method before starting any thread', async () => {
    await expect(forecastMany(list, { method: 'prophet' as 'ets', h: 3 })).rejects.toThrow(
      /unknown forecasting method "prophet"/,
    );
  });

  it('serves overlapping calls on one pool, each with its own results in order, and drops a cancelled call', async () => {
    const pool = ForecastPool.open(2);
    try {
      const cancel = new AbortController();
      const cancelled = expect(
        pool.forecast(list, { method: 'ets', h: 6, signal: cancel.signal }),
      ).rejects.toThrow(/cancelled/);
      const [a, b] = await Promise.all([
        pool.forecast(list.slice(0, 5), { method: 'ets', h: 6 }),
        pool.forecast(list.slice(3), { method: 'theta', h: 4 }),
        (async () => cancel.abort())(),
      ]);
      await cancelled;
      expect(a!.map((r) => r.forecast!.model)).toEqual(list.slice(0, 5).map((s) => ets(s, { h: 6 }).model));
      expect(b!.map((r) => r.id)).toEqual(list.slice(3).map((s) => s.id));
      expect(b!.every((r) => r.forecast!.mean.length === 4)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('returns whole forecasts (intervals too) and closes its threads cooperatively', async () => {
    const pool = ForecastPool.open(2);
    const [r] = await pool.forecast(list.slice(0, 1), { method: 'naive', h: 3, levels: [80] });
    expect(Array.from(r!.forecast!.mean)).toEqual(Array.from(naive(list[0]!, { h: 3 }).mean));
    expect(r!.forecast!.intervals[0]!.lower).toHaveLength(3);
    expect(pool.stats()).toMatchObject({ threads: 2, busy: 0, queued: 0 });
    expect((await pool.close()).map((e) => e.kind)).toEqual(['closed', 'closed']);
  });

  describe('deadlines and cancels reach the fits on the threads', () => {
    // Minutes of fitting for ets or auto without a limit.
    const long = series(
      'long',
      Array.from(
        { length: 20_000 },
        (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13),
      ),
      { period: 24 },
    );

    it('stops every series of a call at its deadline, and the threads stop with it (none terminated)', async () => {
      const pool = ForecastPool.open(2, { stopGraceMs: 60_000 });
      try {
        const late = await pool
          .forecast([long, long, long], { method: 'auto', h: 24, deadline: Date.now() + 300 })
          .catch((e: unknown) => e);
        expect(isStrataError(late, 'DEADLINE_EXCEEDED')).toBe(true);
        // The fits stopped in their loops: the threads are free at once (a 60 s grace never ran out).
        const [next] = await pool.forecast(list.slice(0, 1), { method: 'theta', h: 3 });
        expect(next!.forecast!.mean).toHaveLength(3);
        expect(pool.stats()!.ends).toMatchObject({ terminated: 0, died: 0 });
      } finally {
        await pool.close();
      }
    });

    it('stops running fits on a cancel through the shared flag', async () => {
      const pool = ForecastPool.open(1, { stopGraceMs: 60_000 });
      try {
        const cancel = new AbortController();
        const started = pool.forecast([long], { method: 'ets', h: 24, signal: cancel.signal });
        while (pool.stats()!.busy < 1) await new Promise((r) => setTimeout(r, 10));
        cancel.abort('enough');
        await expect(started).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
        const [next] = await pool.forecast(list.slice(0, 1), { method: 'theta', h: 3 });
        expect(next!.forecast).toBeDefined();
        expect(pool.stats()!.ends.terminated).toBe(0);
      } finally {
        await pool.close();
      }
    });

    it('keeps each call’s own signal and deadline in an async forecaster given limits of its own', async () => {
      const pool = ForecastPool.open(1, { inlineValues: 0 });
      try {
        const own = new AbortController();
        const forecaster = pool.forecaster('ets', { signal: own.signal, deadline: Date.now() + 600_000 });
        await expect(forecaster(list[0]!, { h: 3, signal: AbortSignal.abort() })).rejects.toSatisfy((e) =>
          isStrataError(e, 'ABORTED'),
        );
        await expect(forecaster(list[0]!, { h: 3, deadline: Date.now() - 1 })).rejects.toSatisfy((e) =>
          isStrataError(e, 'DEADLINE_EXCEEDED'),
        );
        // The forecaster's own limits hold as well.
        expect((await forecaster(list[0]!, { h: 3 })).mean).toHaveLength(3);
        own.abort();
        await expect(forecaster(list[0]!, { h: 3 })).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
      } finally {
        await pool.close();
      }
    });

    it('answers the baselines on the calling thread while every thread is busy with a long fit', async () => {
      const pool = ForecastPool.open(1);
      try {
        const cancel = new AbortController();
        let longDone = false;
        const busy = pool
          .forecast([long], { method: 'auto', h: 24, signal: cancel.signal })
          .finally(() => (longDone = true));
        while (pool.stats()!.busy < 1) await new Promise((r) => setTimeout(r, 10));
        const [quick] = await pool.forecast(list.slice(0, 1), { method: 'naive', h: 3 });
        expect(quick!.forecast!.model).toBe('naive');
        expect(longDone).toBe(false);
        cancel.abort();
        await expect(busy).rejects.toSatisfy((e) => isStrataError(e, 'ABORTED'));
      } finally {
        await pool.close();
      }
    });
  });
});
