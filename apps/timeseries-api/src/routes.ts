import {
  backtest,
  type BacktestMetrics,
  type Forecast,
  type Frequency,
  type Series,
} from '@strata/timeseries';
import { advance } from '@strata/timeseries';
import { observeModelRun, route, type RouteSpec, type ServiceMetrics } from '@strata/service';
import { asyncForecaster, checkModel, forecastAll, type Forecasters } from './forecasters.js';
import {
  backtestRequest,
  backtestResponse,
  forecastRequest,
  forecastResponse,
  modelsResponse,
} from './schemas.js';
import { readInput, type InputSeries } from './series-input.js';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  auto: 'Per series, the family (ETS, ARIMA, Theta, seasonal naive) with the lowest backtest MASE',
  ets: 'Exponential smoothing state space model, selected by AICc as forecast::ets',
  arima: 'ARIMA selected by the stepwise search of forecast::auto.arima',
  theta: 'The Theta method as forecast::thetaf',
  snaive: 'Seasonal naive: the last season repeated',
  naive: 'Naive: the last value repeated',
  drift: 'Random walk with drift',
  mean: 'The historical mean',
};

/** JSON numbers: NaN and infinities (an interval a model cannot give) become null. */
const numbers = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
const finite = (v: number) => (Number.isFinite(v) ? v : null);

function timestampsOf(s: Series, frequency: Frequency | null, h: number): string[] | null {
  const last = s.timestamps?.[s.timestamps.length - 1];
  if (last === undefined || !frequency) return null;
  return Array.from({ length: h }, (_, k) => new Date(advance(last, frequency, k + 1)).toISOString());
}

function forecastEntry(
  input: InputSeries,
  forecast: Forecast | undefined,
  error: { code: string; message: string } | undefined,
  h: number,
) {
  if (!forecast || input.error) {
    return {
      id: input.id,
      model: null,
      timestamps: null,
      mean: [],
      intervals: [],
      error: input.error ?? error ?? null,
    };
  }
  return {
    id: input.id,
    model: forecast.model,
    timestamps: timestampsOf(input.series, input.frequency, h),
    mean: numbers(forecast.mean),
    intervals: forecast.intervals.map((i) => ({
      level: i.level,
      lower: numbers(i.lower),
      upper: numbers(i.upper),
    })),
    error: null,
  };
}

const metricsOf = (m: BacktestMetrics) => ({
  mase: finite(m.mase),
  smape: finite(m.smape),
  mae: finite(m.mae),
  rmse: finite(m.rmse),
  msis: finite(m.msis),
  coverage: Object.fromEntries(Object.entries(m.coverage).map(([k, v]) => [k, finite(v)])),
});

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The time-series routes: models, forecasts and backtests. */
export function timeseriesRoutes(f: Forecasters, metrics: ServiceMetrics): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/models',
      summary: 'The forecasting models: statistical ones and bundled ONNX models',
      tags: ['forecasting'],
      response: modelsResponse,
      handler: () => ({
        models: [
          ...Object.entries(DESCRIPTIONS).map(([id, description]) => ({
            id,
            kind: 'statistical' as const,
            description,
          })),
          ...[...f.neural].map(([id, model]) => ({
            id,
            kind: 'onnx' as const,
            description: `${model.manifest.card.description} (context ${model.spec.context}, horizon ${model.spec.horizon} per run)`,
          })),
        ],
      }),
    }),
    route({
      method: 'post',
      path: '/v1/forecast',
      summary: 'Forecast one or many series with one model: point forecasts and intervals per series',
      description:
        'Series come in long format (`data`: rows of id, timestamp, value) or as arrays (`series`). ' +
        'Every input series gets one entry, in order; one that cannot be forecast carries its error. ' +
        'For many thousands of series, submit a job (POST /v1/forecast-jobs).',
      tags: ['forecasting'],
      body: forecastRequest,
      response: forecastResponse,
      handler: async ({ body, signal }) => {
        checkModel(body.model, f);
        const { series: inputs, warnings } = readInput(body);
        const ok = inputs.filter((s) => s.series);
        const outcomes = await observeModelRun(metrics, body.model, ok.length, () =>
          forecastAll(
            f,
            body.model,
            ok.map((s) => s.series!),
            { h: body.h, levels: body.levels, signal },
          ),
        );
        const byId = new Map(ok.map((s, i) => [s, outcomes[i]!]));
        return {
          model: body.model,
          h: body.h,
          forecasts: inputs.map((s) => {
            const o = byId.get(s);
            return forecastEntry(s, o?.forecast, o?.error, body.h);
          }),
          warnings,
        };
      },
    }),
    route({
      method: 'post',
      path: '/v1/backtest',
      summary:
        'Rolling-origin backtests of several models: MASE, sMAPE, MAE, RMSE, MSIS and coverage per model and series',
      tags: ['forecasting'],
      body: backtestRequest,
      response: backtestResponse,
      handler: async ({ body, signal }) => {
        body.models.forEach((m, i) => checkModel(m, f, `models.${i}`));
        const { series: inputs, warnings } = readInput(body);
        const options = {
          h: body.h,
          windows: body.windows,
          levels: body.levels,
          ...(body.step ? { step: body.step } : {}),
        };
        const results = await Promise.all(
          inputs.map(async (input) => {
            const models = await Promise.all(
              body.models.map(async (model) => {
                if (input.error) return { model, metrics: null, error: input.error };
                try {
                  const r = await backtest(input.series, asyncForecaster(f, model, signal), options);
                  return { model, metrics: metricsOf(r.metrics), error: null };
                } catch (err) {
                  const e = err as { code?: string; message: string };
                  return {
                    model,
                    metrics: null,
                    error: { code: e.code ?? 'BACKTEST_FAILED', message: e.message },
                  };
                }
              }),
            );
            const scored = models.filter((m) => m.metrics?.mase != null);
            const best = scored.sort((a, b) => a.metrics!.mase! - b.metrics!.mase!)[0]?.model ?? null;
            return { id: input.id, best, models: body.models.map((m) => models.find((x) => x.model === m)!) };
          }),
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
    }),
  ];
}
