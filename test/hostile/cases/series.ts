// Hostile series: numbers at the ends of float64, inputs that make fits run long, horizons and
// periods at their limits, sparse and absurd timestamps, and job files that lie about their rows.
// Each answer is exact: a forecast in the series' own units, a per-series error naming the series,
// a 4xx problem, a 503 naming the deadline, or a job failed with a code naming the line; after each
// the suite checks that a naive forecast (and the other domains) still answer.
import { gzipSync } from 'node:zlib';
import { expect, vi } from 'vitest';
import { expectProblem, type Answer, type HostileCase, type HostileServer } from '../case.js';

const FORECAST = '/timeseries/v1/forecast';
const BACKTEST = '/timeseries/v1/backtest';
const MODELS = ['naive', 'snaive', 'drift', 'mean', 'theta', 'ets', 'arima', 'auto'] as const;
const MAX_H = 10_000;
const MAX_PERIOD = 10_000;

/** One forecast entry of an answer. */
interface Entry {
  readonly id: string;
  readonly model: string | null;
  readonly mean: (number | null)[];
  readonly intervals: { level: number; lower: (number | null)[]; upper: (number | null)[] }[];
  readonly error: { code: string; message: string } | null;
}

const entries = (res: Answer) => res.body.forecasts as Entry[];

/** A 200 whose every entry is a finite forecast of `h` steps or one of the allowed errors naming its series. */
function expectForecasts(res: Answer, h: number, errors: readonly string[] = []): Entry[] {
  expect(res.status).toBe(200);
  for (const e of entries(res)) {
    if (e.error) {
      expect(errors).toContain(e.error.code);
      expect(e.error.message).toContain(`"${e.id}"`);
      continue;
    }
    expect(e.mean).toHaveLength(h);
    expect(e.mean.every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    for (const i of e.intervals)
      expect([...i.lower, ...i.upper].every((v) => v === null || Number.isFinite(v))).toBe(true);
  }
  return entries(res);
}

/** A forecast request as a case. */
function forecastCase(
  name: string,
  body: unknown,
  check: (res: Answer, server: HostileServer) => void,
  timeoutMs?: number,
): HostileCase {
  return {
    kind: 'series',
    name,
    async run(server) {
      check(await server.json(FORECAST, body), server);
    },
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

/** A request refused with a 4xx problem (its code when given), leaking nothing. */
function refusedCase(
  name: string,
  body: unknown,
  status: number,
  code?: string,
  path = FORECAST,
): HostileCase {
  return {
    kind: 'series',
    name,
    async run(server) {
      const res = await server.json(path, body);
      expectProblem(server, res, status, code);
    },
  };
}

/** A 503 DEADLINE_EXCEEDED naming the client's limit. */
function expectDeadline(res: Answer, ms: number): void {
  expect(res.status).toBe(503);
  expect(res.body.code).toBe('DEADLINE_EXCEEDED');
  expect(res.body.detail).toMatch(new RegExp(`within ${ms} ms \\(the timeoutMs asked; deadline \\d{4}-`));
}

const one = (id: string, values: unknown[], extra: object = {}) => ({ series: [{ id, values, ...extra }] });
const wave = (n: number, period = 24) =>
  Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / period) + ((i * 7919) % 13));

/** A long-format CSV job: submitted, followed to its end; its results as CSV when it succeeded. */
async function runJob(
  server: HostileServer,
  csv: string | Buffer,
  query = 'h=3&model=naive',
  headers: Record<string, string> = {},
): Promise<{ state: string; error: { code: string; message?: string } | null; csv: string }> {
  const res = await server.post(
    `/timeseries/v1/forecast-jobs?${query}`,
    { 'content-type': 'text/csv', ...headers },
    [Buffer.isBuffer(csv) ? csv : Buffer.from(csv)],
  );
  expect(res.status).toBe(202);
  const links = res.body.links as { events: string; results: string };
  const end = await server.jobEnd('timeseries', links);
  expect(JSON.stringify(end)).not.toContain(server.stateDir);
  const results =
    end.state === 'succeeded'
      ? await server.get(`/timeseries/${links.results}?format=csv&limit=10000`)
      : null;
  return { state: end.state, error: end.error, csv: results?.text ?? '' };
}

/** A job file that must fail with `code`, its message matching `message`. */
function failedJobCase(name: string, csv: () => string | Buffer, code: string, message: RegExp): HostileCase {
  return {
    kind: 'series',
    name,
    async run(server) {
      const job = await runJob(server, csv());
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code });
      expect(job.error!.message).toMatch(message);
    },
  };
}

const day = (d: number) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
const rows = (id: string, n: number, value = (d: number) => d + 1) =>
  Array.from({ length: n }, (_, d) => `${id},${day(d)},${value(d)}`);
const table = (lines: readonly string[]) => `id,timestamp,value\n${lines.join('\n')}\n`;
const csv = (...lines: string[]) => table(lines);

const numberCases: HostileCase[] = [
  forecastCase(
    'ETS on [1e308 x5, -1e308, 1e308 x2] (the reported spin): SERIES_OVERFLOW naming the series',
    { ...one('reported', [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308]), h: 3, model: 'ets' },
    (res) => expect(expectForecasts(res, 3, ['SERIES_OVERFLOW'])[0]!.error?.code).toBe('SERIES_OVERFLOW'),
  ),
  ...MODELS.map((model) =>
    forecastCase(
      `${model} on [1e308 x5, -1e308, 1e308 x2]: an overflow error, not a spin`,
      { ...one('reported', [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308]), h: 3, model },
      (res) => expect(expectForecasts(res, 3, ['SERIES_OVERFLOW'])[0]!.error?.code).toBe('SERIES_OVERFLOW'),
    ),
  ),
  forecastCase(
    'ETS on [1, 2, 3, 4, 5, 1e308]: a forecast in the series’ units',
    { ...one('spike', [1, 2, 3, 4, 5, 1e308]), h: 3, model: 'ets' },
    (res) => expect(expectForecasts(res, 3)[0]!.mean.every((v) => v! > 1e306)).toBe(true),
  ),
  ...MODELS.map((model) =>
    forecastCase(
      `${model} on 1e308 among small values`,
      {
        ...one(
          'mixed',
          Array.from({ length: 48 }, (_, i) => (i === 20 ? 1e308 : i % 7)),
          { period: 12 },
        ),
        h: 6,
        model,
      },
      (res) => void expectForecasts(res, 6, ['SERIES_OVERFLOW']),
    ),
  ),
  forecastCase(
    'every model on all-equal values of 1.7e308: the value itself',
    {
      ...one(
        'equal',
        Array.from({ length: 30 }, () => 1.7e308),
      ),
      h: 4,
      model: 'auto',
    },
    (res) => expect(expectForecasts(res, 4)[0]!.mean).toEqual([1.7e308, 1.7e308, 1.7e308, 1.7e308]),
  ),
  ...(['ets', 'arima', 'theta'] as const).map((model) =>
    forecastCase(
      `${model} on denormal values (5e-324 ...): tiny positive forecasts`,
      {
        ...one(
          'tiny',
          Array.from({ length: 40 }, (_, i) => ((i % 3) + 1) * 5e-324),
          { period: 4 },
        ),
        h: 3,
        model,
      },
      (res) => expect(expectForecasts(res, 3)[0]!.mean.every((v) => v! > 0 && v! < 1e-322)).toBe(true),
    ),
  ),
  ...(['ets', 'arima', 'drift'] as const).map((model) =>
    forecastCase(
      `${model} on signs alternating at ±1e300`,
      {
        ...one(
          'alternating',
          Array.from({ length: 60 }, (_, i) => (i % 2 ? -1e300 : 1e300)),
        ),
        h: 4,
        model,
      },
      (res) => void expectForecasts(res, 4, ['SERIES_OVERFLOW']),
    ),
  ),
  ...[
    [
      'the reported ±1e308 series',
      [1e308, 1e308, 1e308, 1e308, 1e308, -1e308, 1e308, 1e308],
      'SERIES_OVERFLOW',
    ],
    ['denormal values', Array.from({ length: 40 }, (_, i) => ((i % 3) + 1) * 5e-324), null],
  ].map(([what, values, code]) =>
    forecastCase(
      `the ONNX model on ${what as string}`,
      { ...one('x', values as number[]), h: 3, model: 'timeseries-mlp' },
      (res) => expect(expectForecasts(res, 3, ['SERIES_OVERFLOW'])[0]!.error?.code ?? null).toBe(code),
    ),
  ),
  refusedCase(
    'NaN and Infinity given as strings',
    { ...one('s', ['NaN', 'Infinity', 1, 2]), h: 2, model: 'naive' },
    400,
    'VALIDATION_FAILED',
  ),
  {
    kind: 'series',
    name: 'numbers past float64 in the JSON text (1e309, -1e999)',
    async run(server) {
      for (const v of ['1e309', '-1e999']) {
        const res = await server.json(
          FORECAST,
          `{"series":[{"id":"x","values":[1,2,${v},4]}],"h":2,"model":"ets"}`,
        );
        expectProblem(server, res, 400, 'VALIDATION_FAILED');
      }
    },
  },
  forecastCase(
    'a null inside a series of huge values: its missing value, by default',
    { ...one('gap', [1e308, null, 1e308, 1e308]), h: 2, model: 'ets' },
    (res) =>
      expect(expectForecasts(res, 2, ['SERIES_MISSING_VALUE'])[0]!.error?.code).toBe('SERIES_MISSING_VALUE'),
  ),
];

const LONG = wave(100_000);
const limitCases: HostileCase[] = [
  forecastCase(
    'auto on 100,000 values with a 3 s limit: 503 DEADLINE_EXCEEDED naming it',
    { ...one('long', LONG, { period: 24 }), h: 24, model: 'auto', timeoutMs: 3000 },
    (res) => expectDeadline(res, 3000),
    60_000,
  ),
  ...(['ets', 'arima'] as const).map((model) =>
    forecastCase(
      `${model} on 100,000 values with a 2 s limit: 503 DEADLINE_EXCEEDED`,
      { ...one('long', LONG, { period: 24 }), h: 24, model, timeoutMs: 2000 },
      (res) => expectDeadline(res, 2000),
      60_000,
    ),
  ),
  ...(['naive', 'snaive', 'drift', 'mean', 'theta', 'timeseries-mlp'] as const).map((model) =>
    forecastCase(
      `${model} on 100,000 values: forecasts`,
      { ...one('long', LONG, { period: 24 }), h: 48, model, timeoutMs: 20_000 },
      (res) => void expectForecasts(res, 48),
      60_000,
    ),
  ),
  {
    kind: 'series',
    name: 'two 100,000-value auto fits past their limit, then naive at once',
    timeoutMs: 60_000,
    async run(server) {
      const body = {
        series: [
          { id: 'a', values: LONG, period: 24 },
          { id: 'b', values: LONG, period: 24 },
        ],
        h: 12,
        model: 'auto',
        timeoutMs: 4000,
      };
      const [late, quick] = await Promise.all([
        server.json(FORECAST, body),
        // Sent while both threads fit: the baselines never wait behind them.
        new Promise<Answer>((resolve) =>
          setTimeout(
            () => resolve(server.json(FORECAST, { ...one('q', [1, 2, 3]), h: 1, model: 'naive' })),
            500,
          ),
        ),
      ]);
      expectDeadline(late, 4000);
      expect(expectForecasts(quick, 1)[0]!.mean).toEqual([3]);
    },
  },
  {
    kind: 'series',
    name: 'a backtest of four models on 100,000 values with a 2 s limit',
    timeoutMs: 60_000,
    async run(server) {
      const res = await server.json(BACKTEST, {
        series: [{ id: 'long', values: LONG, period: 24 }],
        h: 24,
        windows: 50,
        models: ['ets', 'arima', 'theta', 'auto'],
        timeoutMs: 2000,
      });
      expectDeadline(res, 2000);
    },
  },
  forecastCase(
    'h at its maximum (10,000) for one series',
    { ...one('s', wave(200)), h: MAX_H, model: 'theta' },
    (res) => void expectForecasts(res, MAX_H),
  ),
  refusedCase(
    'h one past its maximum',
    { ...one('s', [1, 2, 3]), h: MAX_H + 1, model: 'naive' },
    400,
    'VALIDATION_FAILED',
  ),
  refusedCase(
    'h at its maximum for 1,000 series: an answer too large to build',
    {
      series: Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, values: [1, 2, 3] })),
      h: MAX_H,
      model: 'naive',
    },
    400,
    'INVALID_ARGUMENT',
  ),
  ...MODELS.map((model) =>
    forecastCase(
      `${model} with the period at its maximum (10,000) against 30 values`,
      { ...one('short', wave(30), { period: MAX_PERIOD }), h: 5, model },
      (res) => void expectForecasts(res, 5, ['SERIES_TOO_SHORT']),
    ),
  ),
  ...(['arima', 'theta', 'snaive'] as const).map((model) =>
    forecastCase(
      `${model} with period 5,000 on 30,000 values`,
      { ...one('seasonal', wave(30_000, 5000), { period: 5000 }), h: 10, model, timeoutMs: 5000 },
      (res) => {
        if (res.status === 503) expectDeadline(res, 5000);
        else void expectForecasts(res, 10);
      },
      60_000,
    ),
  ),
  refusedCase(
    '10,001 one-row series as rows: too many for one request',
    {
      data: Array.from({ length: 10_001 }, (_, i) => ({ id: `s${i}`, timestamp: 0, value: 1 })),
      h: 1,
      model: 'naive',
    },
    400,
    'INVALID_ARGUMENT',
  ),
  forecastCase(
    '5,000 one-row series as rows: each its own error',
    {
      data: Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, timestamp: 0, value: 1 })),
      h: 1,
      model: 'naive',
    },
    (res) => {
      const all = expectForecasts(res, 1, ['SERIES_TOO_SHORT']);
      expect(all).toHaveLength(5000);
      expect(all.every((e) => e.error?.code === 'SERIES_TOO_SHORT')).toBe(true);
    },
  ),
];

const timeCases: HostileCase[] = [
  forecastCase(
    'timestamps 1 ms apart, then 2,000 years later: a missing value, not a grid of 6e13 slots',
    {
      data: [0, 1, 63_113_904_000_000].map((t, i) => ({ id: 'sparse', timestamp: t, value: i })),
      h: 2,
      model: 'naive',
    },
    (res) =>
      expect(expectForecasts(res, 2, ['SERIES_MISSING_VALUE'])[0]!.error!.message).toContain(
        '63113903999997 more',
      ),
  ),
  forecastCase(
    'the same, asked to interpolate: too sparse',
    {
      data: [0, 1, 63_113_904_000_000].map((t, i) => ({ id: 'sparse', timestamp: t, value: i })),
      h: 2,
      model: 'naive',
      missing: 'interpolate',
    },
    (res) =>
      expect(expectForecasts(res, 2, ['SERIES_MISSING_VALUE'])[0]!.error!.message).toContain('too sparse'),
  ),
  forecastCase(
    'timestamps past a date’s range (1e300 ms, year 300000)',
    {
      data: [
        { id: 'far', timestamp: 1e300, value: 1 },
        { id: 'far', timestamp: 2e300, value: 2 },
        { id: 'year', timestamp: '+300000-01-01T00:00:00Z', value: 1 },
        { id: 'year', timestamp: '+300001-01-01T00:00:00Z', value: 2 },
      ],
      h: 2,
      model: 'naive',
    },
    (res) =>
      expect(expectForecasts(res, 2, ['SERIES_FORMAT']).map((e) => e.error?.code)).toEqual([
        'SERIES_FORMAT',
        'SERIES_FORMAT',
      ]),
  ),
  forecastCase(
    'a start near the end of time with a frequency: forecasts without timestamps past it',
    {
      series: [{ id: 'end', values: [1, 2, 3, 4], start: '+275760-09-01T00:00:00Z', frequency: 'day' }],
      h: 30,
      model: 'naive',
    },
    (res) => {
      expect(expectForecasts(res, 30)[0]!).toMatchObject({ timestamps: null });
      expect(res.body.warnings).toEqual([expect.stringContaining('past the last date there is')]);
    },
  ),
];

const jobCases: HostileCase[] = [
  failedJobCase(
    'a 90,000-line CSV with one unbalanced quote near its end: SERIES_FORMAT naming the line',
    () => {
      const lines = Array.from({ length: 90_000 }, (_, i) => `a,${i},${i % 10}`);
      lines[89_990] = `"${lines[89_990]}`;
      return table(lines);
    },
    'SERIES_FORMAT',
    /^the uploaded file: line 89992: the quoted cell opened at character 1 is not closed/,
  ),
  failedJobCase(
    'a CSV whose second line opens a quote that never closes',
    () => csv(`"a,${day(0)},1`, ...rows('a', 500)),
    'SERIES_FORMAT',
    /^the uploaded file: line 2: the quoted cell/,
  ),
  failedJobCase(
    'an unbalanced quote in the time-series job CSV (was: Cannot read properties of undefined)',
    () => csv(...rows('a', 10), `b,"${day(0)},1`, ...rows('b', 10)),
    'SERIES_FORMAT',
    /^the uploaded file: line 12: /,
  ),
  {
    kind: 'series',
    name: 'quotes in ids: a"b, "c""d" and "e,f" are ids like any other',
    async run(server) {
      const job = await runJob(server, csv(...rows('a"b', 5), ...rows('"c""d"', 5), ...rows('"e,f"', 5)));
      expect(job.state).toBe('succeeded');
      expect(job.csv).toContain('"a""b"');
      expect(job.csv).toContain('"c""d"');
      expect(job.csv).toContain('"e,f"');
    },
  },
  failedJobCase(
    'a header alone',
    () => 'id,timestamp,value\n',
    'SERIES_FORMAT',
    /no series: it has a header and no rows/,
  ),
  failedJobCase('a header alone, no line break', () => 'unique_id,ds,y', 'SERIES_FORMAT', /no series/),
  {
    kind: 'series',
    name: 'CRLF and CR line ends: read as LF',
    async run(server) {
      for (const end of ['\r\n', '\r']) {
        const job = await runJob(server, ['id,timestamp,value', ...rows('a', 20)].join(end) + end);
        expect(job.state).toBe('succeeded');
        expect(job.csv.split('\n').filter((l) => l.startsWith('a,'))).toHaveLength(3);
      }
    },
  },
  failedJobCase(
    'no timestamp column',
    () => 'id,value\na,1\na,2\n',
    'COLUMN_NOT_FOUND',
    /no timestamp column: the columns are id, value/,
  ),
  failedJobCase(
    'no column the reader knows',
    () => 'foo,bar,baz\n1,2,3\n',
    'COLUMN_NOT_FOUND',
    /no id column/,
  ),
  failedJobCase(
    'a row with too few cells',
    () => csv(...rows('a', 5), 'a,2024-02-01'),
    'SERIES_FORMAT',
    /^the uploaded file: line 7: 2 cells where the header names 3/,
  ),
  failedJobCase(
    'a value past float64 (1e999)',
    () => csv(...rows('a', 5), `a,${day(5)},1e999`),
    'SERIES_FORMAT',
    /^the uploaded file: line 7: "1e999" is not a finite number/,
  ),
  failedJobCase(
    'an empty id',
    () => csv(...rows('a', 5), `,${day(5)},1`),
    'SERIES_FORMAT',
    /^the uploaded file: line 7: the id is empty/,
  ),
  failedJobCase(
    'one line of 1 MB without a line break',
    () => `id,timestamp,value\n${'9'.repeat(1_040_000)}`,
    'SERIES_FORMAT',
    /^the uploaded file: line 2: 1 cells where the header names 3/,
  ),
  {
    kind: 'series',
    name: '100,000 one-row series in a 1 MB body: every one a failed row, the job done',
    timeoutMs: 60_000,
    async run(server) {
      const lines = Array.from({ length: 100_000 }, (_, i) => `${i.toString(36)},0,1`);
      const job = await runJob(server, table(lines));
      expect(job.state).toBe('succeeded');
      const view = await server.get('/timeseries/v1/jobs?limit=1');
      expect(view.status).toBe(200);
    },
  },
  {
    kind: 'series',
    name: 'a gzip body of 200,000 tiny series past the 1 MiB upload limit once inflated: 413',
    async run(server) {
      const lines = Array.from({ length: 200_000 }, (_, i) => `s${i},0,1`);
      const res = await server.post(
        '/timeseries/v1/forecast-jobs?h=3&model=naive',
        { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
        [gzipSync(table(lines))],
      );
      expectProblem(server, res, 413);
    },
  },
  {
    kind: 'series',
    name: 'a job of the reported 1e308 series with ets: a failed row SERIES_OVERFLOW, the job done',
    async run(server) {
      const job = await runJob(
        server,
        csv(...rows('huge', 8, (d) => (d === 5 ? -1e308 : 1e308))),
        'h=3&model=ets&period=1',
      );
      expect(job.state).toBe('succeeded');
      expect(job.csv).toContain('SERIES_OVERFLOW');
    },
  },
  {
    kind: 'series',
    name: 'a job of 6,000 series with h at its maximum: more rows than a job writes',
    async run(server) {
      const lines = Array.from({ length: 6000 }, (_, i) => [`s${i},0,1`, `s${i},1,2`]).flat();
      const job = await runJob(server, table(lines), `h=${MAX_H}&model=naive`);
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(job.error!.message).toMatch(/forecast rows; a job writes at most/);
    },
  },
  {
    kind: 'series',
    name: 'NUL bytes and binary garbage as a CSV',
    async run(server) {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      const job = await runJob(server, garbage);
      expect(job.state).toBe('failed');
      expect(['SERIES_FORMAT', 'COLUMN_NOT_FOUND']).toContain(job.error?.code);
    },
  },
  {
    kind: 'series',
    name: 'a job fitting auto on 80,000 values, cancelled mid-fit: cancelled, its thread free',
    timeoutMs: 60_000,
    async run(server) {
      const lines = Array.from({ length: 80_000 }, (_, i) => `a,${i},${Math.round(LONG[i]!)}`);
      const res = await server.post(
        '/timeseries/v1/forecast-jobs?h=24&model=auto&period=24',
        { 'content-type': 'text/csv' },
        [Buffer.from(table(lines))],
      );
      expect(res.status).toBe(202);
      const self = `/timeseries/${(res.body.links as { self: string }).self}`;
      await vi.waitFor(
        async () => expect(((await server.get(self)).body as { state: string }).state).toBe('running'),
        { timeout: 20_000, interval: 100 },
      );
      const cancel = await fetch(`${server.base}${self}/cancel`, { method: 'POST' });
      expect(cancel.status).toBe(202);
      const end = await server.jobEnd('timeseries', res.body.links as { events: string });
      expect(end.state).toBe('cancelled');
    },
  },
];

export const seriesCases: HostileCase[] = [...numberCases, ...limitCases, ...timeCases, ...jobCases];
