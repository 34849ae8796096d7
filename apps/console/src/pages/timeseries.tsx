import type {
  ExampleResponse,
  ExamplesResponse,
  ForecastRequestBody,
  ForecastResponse,
  ModelsResponse,
} from '@strata/timeseries-api';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, post } from '../api';
import { Checks, ErrorNote, Field, formErrors, type FormErrors } from '../components/ui';
import { readSeriesCsv, type UploadedSeries } from '../csv';
import { BacktestPanel, type BacktestAsk } from './backtest-panel';
import { ForecastChart } from './forecast-chart';
import type { Outcome } from './forecast-lines';

const API = 'timeseries';
const DEFAULT_MODELS = ['ets', 'arima', 'theta', 'snaive'];
const CONTROLS = ['source', 'models', 'model', 'h', 'data', 'series', 'period'];

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
  const [backtest, setBacktest] = useState<BacktestAsk | null>(null);

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
        // Two seasons ahead, or less where the series is too short to backtest that (the server says).
        setH(r.horizon);
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
    setBacktest(null);
    try {
      const forecasts = chosen.map(async (model): Promise<Outcome> => {
        try {
          const r = await post<ForecastResponse>(`${API}/v1/forecast`, {
            ...input,
            h,
            model,
            levels: [80, 95],
          });
          const f = r.forecasts[0]!;
          return { model, forecast: f.error ? null : f, error: f.error?.message ?? null };
        } catch (err) {
          // A model past the time limit is that model's failure; the others' forecasts still show.
          if (err instanceof ApiError && err.status === 503)
            return { model, forecast: null, error: err.message };
          throw err;
        }
      });
      setOutcomes(await Promise.all(forecasts));
      // The backtest follows, under the chart: its errors are its own, not the forecasts'.
      setBacktest({
        body: { ...input, h, models: chosen, name: `backtest of ${series.id}` },
        length: series.values.length,
      });
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
      <BacktestPanel ask={backtest} />
    </section>
  );
}
