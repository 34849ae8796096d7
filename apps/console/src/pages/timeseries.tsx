import type {
  BacktestResponse,
  ExampleResponse,
  ExamplesResponse,
  ForecastRequestBody,
  ForecastResponse,
  ModelsResponse,
} from '@strata/timeseries-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson, post } from '../api';
import { Chart, PALETTE, withAlpha, type ChartBand, type ChartLine } from '../components/chart';
import { Checks, ErrorNote, Field, formErrors, type FormErrors } from '../components/ui';
import { readSeriesCsv, type UploadedSeries } from '../csv';
import { BacktestTable } from './backtest-table';

const API = 'timeseries';
const DEFAULT_MODELS = ['ets', 'arima', 'theta', 'snaive'];
const CONTROLS = ['source', 'models', 'model', 'h', 'data', 'series', 'period'];

type Outcome = {
  model: string;
  forecast: ForecastResponse['forecasts'][number] | null;
  error: string | null;
};

/** The series to forecast, as the API takes it: long-format rows when it has times, else values. */
function inputOf(s: UploadedSeries, period: number | null): Omit<ForecastRequestBody, 'h'> {
  const periodOf = period ? { period } : {};
  if (!s.timestamps) return { series: [{ id: s.id, values: s.values, ...periodOf }] };
  return {
    data: s.values.map((value, i) => ({ id: s.id, timestamp: s.timestamps![i]!, value })),
    ...periodOf,
  };
}

/** Time series: pick or upload a series, forecast it with several models, compare them by backtest. */
export function TimeseriesPage(_: { params: URLSearchParams }) {
  const [examples, setExamples] = useState<ExamplesResponse['series']>([]);
  const [models, setModels] = useState<ModelsResponse['models']>([]);
  const [source, setSource] = useState<'example' | 'upload'>('example');
  const [exampleId, setExampleId] = useState('AirPassengers');
  const [uploaded, setUploaded] = useState<UploadedSeries[]>([]);
  const [uploadedId, setUploadedId] = useState('');
  const [series, setSeries] = useState<UploadedSeries | null>(null);
  const [period, setPeriod] = useState<number | null>(null);
  const [chosen, setChosen] = useState<string[]>(DEFAULT_MODELS);
  const [h, setH] = useState(24);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [backtest, setBacktest] = useState<BacktestResponse | null>(null);

  useEffect(() => {
    getJson<ExamplesResponse>(`${API}/v1/series`)
      .then((r) => setExamples(r.series))
      .catch((err: unknown) => setErrors(formErrors(err, [])));
    getJson<ModelsResponse>(`${API}/v1/models`)
      .then((r) => setModels(r.models))
      .catch((err: unknown) => setErrors(formErrors(err, [])));
  }, []);

  // The chosen series, read whole: the chart shows its history before any forecast.
  useEffect(() => {
    setOutcomes([]);
    setBacktest(null);
    if (source === 'upload') {
      const s = uploaded.find((u) => u.id === uploadedId) ?? uploaded[0] ?? null;
      setSeries(s);
      setPeriod(null);
      return;
    }
    if (!exampleId) return;
    getJson<ExampleResponse>(`${API}/v1/series/${encodeURIComponent(exampleId)}`)
      .then((r) => {
        setSeries({
          id: r.id,
          timestamps: r.data.map((d) => d.timestamp),
          values: r.data.map((d) => d.value),
        });
        setPeriod(r.period);
        setH(Math.min(48, Math.max(8, 2 * r.period)));
      })
      .catch((err: unknown) => setErrors(formErrors(err, CONTROLS)));
  }, [source, exampleId, uploaded, uploadedId]);

  const readFile = async (file: File | undefined) => {
    setErrors({});
    if (!file) return;
    try {
      const read = readSeriesCsv(await file.text());
      setUploaded(read);
      setUploadedId(read[0]!.id);
    } catch (err) {
      setUploaded([]);
      setErrors({ source: `${file.name}: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const run = async (e: Event) => {
    e.preventDefault();
    if (!series) return setErrors({ source: 'choose a series first' });
    if (chosen.length === 0) return setErrors({ models: 'choose at least one model' });
    setErrors({});
    setBusy(true);
    const input = inputOf(series, source === 'upload' ? period : null);
    try {
      const forecasts = chosen.map(async (model): Promise<Outcome> => {
        const r = await post<ForecastResponse>(`${API}/v1/forecast`, {
          ...input,
          h,
          model,
          levels: [80, 95],
        });
        const f = r.forecasts[0]!;
        return { model, forecast: f.error ? null : f, error: f.error?.message ?? null };
      });
      const results = await Promise.all(forecasts);
      setOutcomes(results);
      setBacktest(null);
      setBacktest(
        await post<BacktestResponse>(`${API}/v1/backtest`, { ...input, h, models: chosen, windows: 3 }),
      );
    } catch (err) {
      setErrors(formErrors(err, CONTROLS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page">
      <h1>Time series forecasts</h1>
      <form class="controls" onSubmit={(e) => void run(e)}>
        <Field group label="Series" error={errors.source ?? errors.data ?? errors.series}>
          <div class="row">
            <select
              value={source}
              onChange={(e) => setSource(e.currentTarget.value as 'example' | 'upload')}
              aria-label="series source"
            >
              <option value="example">a bundled series</option>
              <option value="upload">my CSV file</option>
            </select>
            {source === 'example' ? (
              <select
                value={exampleId}
                onChange={(e) => setExampleId(e.currentTarget.value)}
                data-testid="example-series"
              >
                {examples.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id} ({s.frequency}, {s.length})
                  </option>
                ))}
              </select>
            ) : (
              <>
                <input
                  type="file"
                  accept=".csv,.tsv,.txt,text/csv"
                  onChange={(e) => void readFile(e.currentTarget.files?.[0])}
                />
                {uploaded.length > 1 && (
                  <select value={uploadedId} onChange={(e) => setUploadedId(e.currentTarget.value)}>
                    {uploaded.map((u) => (
                      <option key={u.id}>{u.id}</option>
                    ))}
                  </select>
                )}
              </>
            )}
          </div>
        </Field>
        {source === 'upload' && (
          <Field
            label="Seasonal period"
            error={errors.period}
            hint="observations per season; empty: from the times"
          >
            <input
              type="number"
              min={1}
              value={period ?? ''}
              onInput={(e) => setPeriod(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            />
          </Field>
        )}
        <Field group label="Models" error={errors.models ?? errors.model}>
          <Checks
            items={models.map((m) => ({ id: m.id, title: m.description }))}
            chosen={chosen}
            onChange={setChosen}
          />
        </Field>
        <Field label="Horizon (steps)" error={errors.h}>
          <input
            type="number"
            name="h"
            min={1}
            value={h}
            onInput={(e) => setH(Number(e.currentTarget.value))}
          />
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Forecasting…' : 'Forecast'}
          </button>
          <ErrorNote error={errors.form} />
        </div>
      </form>
      {series && <ForecastChart series={series} outcomes={outcomes} />}
      {outcomes
        .filter((o) => o.error)
        .map((o) => (
          <ErrorNote key={o.model} error={`${o.model}: ${o.error}`} />
        ))}
      {backtest && <BacktestTable backtest={backtest} />}
    </section>
  );
}

function ForecastChart({ series, outcomes }: { series: UploadedSeries; outcomes: Outcome[] }) {
  const chart = useMemo(() => {
    const n = series.values.length;
    const done = outcomes.filter((o) => o.forecast);
    const h = Math.max(0, ...done.map((o) => o.forecast!.mean.length));
    const times = series.timestamps?.map((t) => Date.parse(t));
    const future = done.find((o) => o.forecast!.timestamps)?.forecast!.timestamps?.map((t) => Date.parse(t));
    const time = Boolean(times && times.every(Number.isFinite) && (h === 0 || future));
    const x = time ? [...times!, ...(future ?? [])] : Array.from({ length: n + h }, (_, i) => i + 1);
    const pad = (values: readonly (number | null)[], before: number) => [
      ...Array<null>(before).fill(null),
      ...values,
      ...Array<null>(n + h - before - values.length).fill(null),
    ];
    const lines: ChartLine[] = [{ label: series.id, values: pad(series.values, 0), colour: '#222' }];
    const bands: ChartBand[] = [];
    done.forEach((o, i) => {
      const colour = PALETTE[i % PALETTE.length]!;
      const f = o.forecast!;
      // Each forecast starts from the last observation, so its line joins the history.
      const last = series.values[n - 1] ?? null;
      lines.push({ label: f.model ?? o.model, values: pad([last, ...f.mean], n - 1), colour });
      for (const interval of [...f.intervals].sort((a, b) => b.level - a.level))
        bands.push({
          label: `${o.model} ${interval.level}%`,
          lower: pad(interval.lower, n),
          upper: pad(interval.upper, n),
          fill: withAlpha(colour, interval.level >= 90 ? 0.12 : 0.22),
        });
    });
    return { x, time, lines, bands };
  }, [series, outcomes]);
  return <Chart {...chart} testId="forecast-chart" />;
}
