import { route, type RouteSpec } from '@strata/service';
import { compareModels, finiteMetrics, summariseBacktests, type ModelComparison } from '@strata/timeseries';
import { BACKTEST_EXAMPLE } from './doc-examples.js';
import { asyncForecaster, checkModel, type Forecasters } from './forecasters.js';
import { withinLimit, workLimit, type LimitedWork } from './request-limits.js';
import { backtestRequest, backtestResponse, type BacktestRequest, type BacktestResponse } from './schemas.js';
import { readInput, type InputSeries } from './series-input.js';

/** A backtest past its request's limit: the message says it was the backtest, and how to run it whole. */
const BACKTESTING: LimitedWork = {
  name: 'the backtest',
  instead: 'run it as a job (POST /v1/backtest-jobs), or with fewer models or a shorter horizon',
};

type SeriesResult = BacktestResponse['results'][number];

/** One series' comparison as the API answers it; its note, if any, goes to `warnings`. */
export function seriesResult(c: ModelComparison, warnings: string[]): SeriesResult {
  if (c.plan?.note) warnings.push(c.plan.note);
  return {
    id: c.id,
    h: c.plan?.h ?? null,
    windows: c.plan?.windows ?? null,
    best: c.best,
    models: c.models.map((m) => ({
      model: m.model,
      metrics: m.metrics ? finiteMetrics(m.metrics) : null,
      error: m.error,
    })),
  };
}

/** A series that could not be read: every model gets its error. */
export function unreadResult(input: InputSeries, models: readonly string[]): SeriesResult {
  const error = input.error!;
  return {
    id: input.id,
    h: null,
    windows: null,
    best: null,
    models: models.map((model) => ({ model, metrics: null, error })),
  };
}

/** Mean MASE and sMAPE of each model over the series it could backtest. */
export function summaryOf(
  models: readonly string[],
  results: readonly SeriesResult[],
): BacktestResponse['summary'] {
  const scored = results.flatMap((r) =>
    r.models.flatMap((m) =>
      m.metrics ? [{ model: m.model, mase: m.metrics.mase, smape: m.metrics.smape }] : [],
    ),
  );
  return summariseBacktests(models, scored);
}

/** The options of one series' comparison, as the request gives them. */
export const compareOptions = (body: Pick<BacktestRequest, 'h' | 'windows' | 'step' | 'levels'>) => ({
  h: body.h,
  levels: body.levels,
  ...(body.windows !== undefined ? { windows: body.windows } : {}),
  ...(body.step !== undefined ? { step: body.step } : {}),
});

/** Refuses a model this server does not have, naming it where the request gave it (`body.models.1`). */
export const checkModels = (models: readonly string[], f: Forecasters) =>
  models.forEach((m, i) => checkModel(m, f, `body.models.${i}`));

/** `POST /v1/backtest`: rolling-origin backtests of several models per series, within the request's limit. */
export function backtestRoute(f: Forecasters, settings: { readonly timeoutMs: number }): RouteSpec {
  return route({
    method: 'post',
    path: '/v1/backtest',
    summary:
      'Rolling-origin backtests of several models: MASE, sMAPE, MAE, RMSE, MSIS and coverage per model and series',
    description:
      'Without `windows`, each series gets as many windows as fit (up to 3), or one window of a shorter ' +
      'horizon; `warnings` says which, and each result gives the `h` and `windows` it had (the answer’s ' +
      '`windows` is then null). A backtest longer than the request timeout is a job: POST /v1/backtest-jobs.',
    tags: ['forecasting'],
    body: backtestRequest,
    response: backtestResponse,
    // An unknown model, windows that do not fit; the time limit or the client gone.
    errors: ['INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'ABORTED'],
    example: { body: BACKTEST_EXAMPLE },
    handler: async ({ body, signal }) => {
      checkModels(body.models, f);
      const limit = workLimit(settings.timeoutMs, body.timeoutMs);
      const { series: inputs, warnings } = readInput(body);
      const limits = { signal, deadline: limit.deadline };
      const comparisons = await withinLimit(
        limit,
        () =>
          Promise.all(
            inputs.map(async (input) =>
              input.series
                ? compareModels(
                    input.series,
                    body.models,
                    (model) => asyncForecaster(f, model, limits),
                    compareOptions(body),
                  )
                : null,
            ),
          ),
        BACKTESTING,
      );
      const results = inputs.map((input, i) =>
        comparisons[i] ? seriesResult(comparisons[i], warnings) : unreadResult(input, body.models),
      );
      return {
        h: body.h,
        // Left to the server, each series has its own (in its result), as a backtest job says.
        windows: body.windows ?? null,
        results,
        summary: summaryOf(body.models, results),
        warnings,
      };
    },
  });
}
