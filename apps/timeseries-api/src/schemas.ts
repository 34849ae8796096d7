import { z } from 'zod';
import type { Frequency } from '@strata/timeseries';

/** Frequencies a per-series array may name, as the package's `Frequency`. */
export const FREQUENCIES: Readonly<Record<string, Frequency>> = {
  minute: { kind: 'fixed', ms: 60_000 },
  hour: { kind: 'fixed', ms: 3_600_000 },
  day: { kind: 'fixed', ms: 86_400_000 },
  week: { kind: 'fixed', ms: 7 * 86_400_000 },
  month: { kind: 'months', months: 1 },
  quarter: { kind: 'months', months: 3 },
  year: { kind: 'months', months: 12 },
};

/** A seasonal period: observations per season. */
const period = z.number().int().min(1).max(10_000).optional();

const longRow = z.object({
  id: z.string().min(1).max(200),
  timestamp: z.union([z.string().max(40), z.number()]).describe('ISO 8601, or ms since 1970 UTC.'),
  value: z.number().nullable().describe('null when missing.'),
});

const arraySeries = z.object({
  id: z.string().min(1).max(200),
  values: z.array(z.number().nullable()).min(1).max(100_000).describe('In time order; null when missing.'),
  start: z
    .string()
    .max(40)
    .optional()
    .describe('Time of the first value (ISO 8601); with `frequency`, forecasts get timestamps.'),
  frequency: z.enum(Object.keys(FREQUENCIES) as [string, ...string[]]).optional(),
  period: period.describe('Seasonal period. @defaultValue from the frequency, else 1'),
});

/** A client's own limit on a request's forecasting. */
const timeoutMs = z
  .number()
  .int()
  .min(1)
  .max(3_600_000)
  .optional()
  .describe(
    'Stop forecasting after this many ms (503 DEADLINE_EXCEEDED). @defaultValue the server’s request timeout, which also caps it',
  );

/** The series of a request: long-format rows or per-series arrays, and what to do with gaps. */
export const seriesInput = {
  data: z
    .array(longRow)
    .max(2_000_000)
    .optional()
    .describe('Long format, as statsforecast’s unique_id/ds/y.'),
  series: z.array(arraySeries).max(10_000).optional().describe('Per-series arrays.'),
  period: period.describe('Seasonal period of every series (overrides).'),
  missing: z
    .enum(['error', 'interpolate'])
    .default('error')
    .describe('A missing value: an error for that series, or linear interpolation with a warning.'),
};

const oneOf = (b: { data?: unknown; series?: unknown }) =>
  (b.data === undefined) !== (b.series === undefined);
const oneOfMessage = {
  message: 'give the series either as `data` (long format) or as `series` (arrays), not both',
  path: ['data'],
};

const levels = z
  .array(z.number().gt(0).lt(100))
  .min(1)
  .max(5)
  .default([80, 95])
  .describe('Interval levels in percent.');

export const forecastRequest = z
  .object({
    ...seriesInput,
    h: z.number().int().min(1).max(10_000).describe('Steps to forecast.'),
    model: z
      .string()
      .default('auto')
      .describe(
        'auto, ets, theta, arima, snaive, naive, drift, mean, or a bundled ONNX model id (GET /v1/models).',
      ),
    levels,
    timeoutMs,
  })
  .refine(oneOf, oneOfMessage);
export type ForecastRequest = z.infer<typeof forecastRequest>;

const problemEntry = z.object({ code: z.string(), message: z.string() });

export const seriesForecast = z.object({
  id: z.string(),
  model: z.string().nullable().describe('The fitted model, e.g. ETS(M,Ad,M); null when the series failed.'),
  timestamps: z
    .array(z.string())
    .nullable()
    .describe('ISO 8601 times of the forecasts, when the series has times.'),
  mean: z.array(z.number().nullable()),
  intervals: z.array(
    z.object({
      level: z.number(),
      lower: z.array(z.number().nullable()),
      upper: z.array(z.number().nullable()),
    }),
  ),
  error: problemEntry.nullable().describe('Why this series has no forecast.'),
});

/** A forecast request as a client sends it (defaults may be left out). */
export type ForecastRequestBody = z.input<typeof forecastRequest>;

export const forecastResponse = z.object({
  model: z.string(),
  h: z.number(),
  forecasts: z.array(seriesForecast).describe('One entry per input series, in input order.'),
  warnings: z.array(z.string()),
});

/** What a backtest asks, by request or as a job. */
const backtestFields = {
  ...seriesInput,
  h: z.number().int().min(1).max(1000),
  windows: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe(
      'Forecast origins, the last ending with the data; too many for a series is its error. ' +
        '@defaultValue as many as fit, up to 3, or one window of a shorter horizon (said in `warnings`)',
    ),
  step: z.number().int().min(1).optional().describe('Steps between origins. @defaultValue h'),
  models: z.array(z.string()).min(1).max(10).default(['snaive', 'ets', 'theta', 'arima']),
  levels,
};

export const backtestRequest = z.object({ ...backtestFields, timeoutMs }).refine(oneOf, oneOfMessage);
export type BacktestRequest = z.infer<typeof backtestRequest>;

/** A backtest request as a client sends it (defaults may be left out). */
export type BacktestRequestBody = z.input<typeof backtestRequest>;

/** `POST /v1/backtest-jobs`: a backtest as a job, with no request timeout to keep. */
export const backtestJobRequest = z
  .object({ ...backtestFields, name: z.string().max(200).optional().describe('A label for people.') })
  .refine(oneOf, oneOfMessage);
export type BacktestJobRequest = z.infer<typeof backtestJobRequest>;

/** A backtest job request as a client sends it. */
export type BacktestJobRequestBody = z.input<typeof backtestJobRequest>;

const metric = z.number().nullable();
const metrics = z
  .object({
    mase: metric,
    smape: metric,
    mae: metric,
    rmse: metric,
    msis: metric,
    coverage: z.record(z.string(), metric).describe('Share of actuals inside each interval, by level.'),
  })
  .describe('Means over the windows; null where undefined (MASE of a constant history).');

export const backtestResponse = z.object({
  h: z.number().describe('The horizon asked.'),
  windows: z
    .number()
    .nullable()
    .describe('The windows asked; null when fitted to each series (each result gives its own).'),
  results: z.array(
    z.object({
      id: z.string(),
      h: z
        .number()
        .nullable()
        .describe('The horizon this series was backtested at; null when it could not be.'),
      windows: z
        .number()
        .nullable()
        .describe('The windows this series had; null when it could not be backtested.'),
      best: z.string().nullable().describe('The model with the lowest MASE.'),
      models: z.array(
        z.object({ model: z.string(), metrics: metrics.nullable(), error: problemEntry.nullable() }),
      ),
    }),
  ),
  summary: z
    .array(
      z.object({
        model: z.string(),
        series: z.number(),
        mase: z.number().nullable(),
        smape: z.number().nullable(),
      }),
    )
    .describe('Mean metrics of each model over the series it could backtest.'),
  warnings: z.array(z.string()),
});

/** What clients see of a finished backtest job (`summary` of its view); its rows are at its `results`. */
export const backtestJobSummary = z.object({
  series: z.number(),
  models: z.array(z.string()),
  h: z.number().describe('The horizon asked.'),
  windows: z.number().nullable().describe('The windows asked; null when fitted to each series.'),
  summary: backtestResponse.shape.summary,
  warnings: z.array(z.string()),
});
export type BacktestJobSummary = z.infer<typeof backtestJobSummary>;

export const modelsResponse = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['statistical', 'onnx']),
      description: z.string(),
    }),
  ),
});

export type ForecastResponse = z.infer<typeof forecastResponse>;
export type BacktestResponse = z.infer<typeof backtestResponse>;
export type ModelsResponse = z.infer<typeof modelsResponse>;

/** `GET /v1/series`: the bundled example series. */
export const examplesResponse = z.object({
  series: z.array(
    z.object({
      id: z.string(),
      frequency: z.string(),
      period: z.number(),
      length: z.number(),
      horizon: z
        .number()
        .describe(
          'A horizon to offer: two seasons ahead, or less where 3 backtest windows of that do not fit.',
        ),
      start: z.string(),
      end: z.string(),
    }),
  ),
});
export type ExamplesResponse = z.infer<typeof examplesResponse>;

/** `GET /v1/series/{id}`: one example series in long format. */
export const exampleResponse = z.object({
  id: z.string(),
  period: z.number(),
  horizon: z.number().describe('A horizon to offer (as in GET /v1/series).'),
  data: z.array(z.object({ id: z.string(), timestamp: z.string(), value: z.number().nullable() })),
});
export type ExampleResponse = z.infer<typeof exampleResponse>;
