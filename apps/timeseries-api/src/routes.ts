import { advance, type Forecast, type Frequency, type Series } from '@strata/timeseries';
import { observeModelRun, route, type RouteSpec, type ServiceMetrics } from '@strata/service';
import { backtestRoute } from './backtest-route.js';
import { FORECAST_EXAMPLE } from './doc-examples.js';
import { checkModel, forecastAll, type Forecasters } from './forecasters.js';
import { forecastRequest, forecastResponse, modelsResponse } from './schemas.js';
import { checkAnswerSize, withinLimit, workLimit } from './request-limits.js';
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

/** A date's last millisecond (+275760-09-13): past it no time can be written. */
const LAST_TIME = 8.64e15;

/**
 * The times of a series' forecasts, when it has times; null, with a warning, when they would run
 * past the last date there is.
 */
function timestampsOf(
  s: Series,
  frequency: Frequency | null,
  h: number,
  warnings: string[],
): string[] | null {
  const last = s.timestamps?.[s.timestamps.length - 1];
  if (last === undefined || !frequency) return null;
  const times = Array.from({ length: h }, (_, k) => advance(last, frequency, k + 1));
  if (times.every((t) => Math.abs(t) <= LAST_TIME)) return times.map((t) => new Date(t).toISOString());
  warnings.push(
    `series "${s.id}": its forecasts run past the last date there is (+275760-09-13), so they have no timestamps`,
  );
  return null;
}

function forecastEntry(
  input: InputSeries,
  forecast: Forecast | undefined,
  error: { code: string; message: string } | undefined,
  h: number,
  warnings: string[],
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
    timestamps: timestampsOf(input.series, input.frequency, h, warnings),
    mean: numbers(forecast.mean),
    intervals: forecast.intervals.map((i) => ({
      level: i.level,
      lower: numbers(i.lower),
      upper: numbers(i.upper),
    })),
    error: null,
  };
}

/** The time-series routes: models, forecasts and backtests (see `backtestRoute`). */
export function timeseriesRoutes(
  f: Forecasters,
  metrics: ServiceMetrics,
  settings: { readonly timeoutMs: number },
): RouteSpec[] {
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
      // An unknown model, too many series or too large an answer; the time limit or the client gone.
      errors: ['INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'ABORTED'],
      example: { body: FORECAST_EXAMPLE },
      handler: async ({ body, signal }) => {
        checkModel(body.model, f, 'body.model');
        const limit = workLimit(settings.timeoutMs, body.timeoutMs);
        const { series: inputs, warnings } = readInput(body);
        const ok = inputs.filter((s) => s.series);
        checkAnswerSize(ok.length, body.h, body.levels.length);
        const outcomes = await withinLimit(limit, () =>
          observeModelRun(metrics, body.model, ok.length, () =>
            forecastAll(
              f,
              body.model,
              ok.map((s) => s.series!),
              { h: body.h, levels: body.levels, signal, deadline: limit.deadline },
            ),
          ),
        );
        const byId = new Map(ok.map((s, i) => [s, outcomes[i]!]));
        return {
          model: body.model,
          h: body.h,
          forecasts: inputs.map((s) => {
            const o = byId.get(s);
            return forecastEntry(s, o?.forecast, o?.error, body.h, warnings);
          }),
          warnings,
        };
      },
    }),
    backtestRoute(f, settings),
  ];
}
