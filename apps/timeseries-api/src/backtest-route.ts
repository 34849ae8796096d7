import { isStrataError } from '@strata/core';
import { route, type RouteSpec } from '@strata/service';
import { backtest, type BacktestMetrics } from '@strata/timeseries';
import { asyncForecaster, checkModel, type Forecasters } from './forecasters.js';
import { withinLimit, workLimit } from './request-limits.js';
import { backtestRequest, backtestResponse, type BacktestRequest } from './schemas.js';
import { readInput, type InputSeries } from './series-input.js';

const finite = (v: number) => (Number.isFinite(v) ? v : null);

const metricsOf = (m: BacktestMetrics) => ({
  mase: finite(m.mase),
  smape: finite(m.smape),
  mae: finite(m.mae),
  rmse: finite(m.rmse),
  msis: finite(m.msis),
  coverage: Object.fromEntries(Object.entries(m.coverage).map(([k, v]) => [k, finite(v)])),
});

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

type Limits = { signal: AbortSignal; deadline: number };

/** Backtests every model on one series; a model that cannot be backtested gets its error. */
async function backtestSeries(f: Forecasters, body: BacktestRequest, input: InputSeries, limits: Limits) {
  const options = {
    h: body.h,
    windows: body.windows,
    levels: body.levels,
    ...(body.step ? { step: body.step } : {}),
  };
  const models = await Promise.all(
    body.models.map(async (model) => {
      if (input.error) return { model, metrics: null, error: input.error };
      try {
        const r = await backtest(input.series, asyncForecaster(f, model, limits), options);
        return { model, metrics: metricsOf(r.metrics), error: null };
      } catch (err) {
        // Past the request's limit, or cancelled, the whole request ends.
        if (isStrataError(err, 'ABORTED', 'DEADLINE_EXCEEDED')) throw err;
        const e = err as { code?: string; message: string };
        return { model, metrics: null, error: { code: e.code ?? 'BACKTEST_FAILED', message: e.message } };
      }
    }),
  );
  const scored = models.filter((m) => m.metrics?.mase != null);
  const best = scored.sort((a, b) => a.metrics!.mase! - b.metrics!.mase!)[0]?.model ?? null;
  return { id: input.id, best, models: body.models.map((m) => models.find((x) => x.model === m)!) };
}

/** `POST /v1/backtest`: rolling-origin backtests of several models per series, within the request's limit. */
export function backtestRoute(f: Forecasters, settings: { readonly timeoutMs: number }): RouteSpec {
  return route({
    method: 'post',
    path: '/v1/backtest',
    summary:
      'Rolling-origin backtests of several models: MASE, sMAPE, MAE, RMSE, MSIS and coverage per model and series',
    tags: ['forecasting'],
    body: backtestRequest,
    response: backtestResponse,
    handler: async ({ body, signal }) => {
      body.models.forEach((m, i) => checkModel(m, f, `models.${i}`));
      const limit = workLimit(settings.timeoutMs, body.timeoutMs);
      const { series: inputs, warnings } = readInput(body);
      const results = await withinLimit(limit, () =>
        Promise.all(
          inputs.map((input) => backtestSeries(f, body, input, { signal, deadline: limit.deadline })),
        ),
      );
      const summary = body.models.map((model) => {
        const ms = results.flatMap((r) =>
          r.models.filter((m) => m.model === model && m.metrics).map((m) => m.metrics!),
        );
        return {
          model,
          series: ms.length,
          mase: mean(ms.flatMap((m) => (m.mase === null ? [] : [m.mase]))),
          smape: mean(ms.flatMap((m) => (m.smape === null ? [] : [m.smape]))),
        };
      });
      return { h: body.h, windows: body.windows, results, summary, warnings };
    },
  });
}
