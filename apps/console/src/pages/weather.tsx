import type { DatasetsResponse, ForecastRequest, ModelsResponse } from '@strata/weather-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, getJson, post, type Job } from '../api';
import { FollowedJob } from '../components/followed-job';
import { ErrorNote, Field, formErrors, type FormErrors } from '../components/ui';
import { navigate } from '../route';
import { rolloutControlOf, ROLLOUT_CONTROLS } from './weather-errors';
import { FieldViewer } from './weather-field';

const API = 'weather';

/** Weather: start a rollout from an initial state, follow it, then look at its fields as maps. */
export function WeatherPage({ params }: { params: URLSearchParams }) {
  const jobId = params.get('job');
  return (
    <section class="page">
      <h1>Weather forecasts</h1>
      <RolloutForm />
      {jobId && (
        <FollowedJob
          api={API}
          id={jobId}
          unit="steps"
          testId="weather-job"
          done={(job: Job) => <FieldViewer job={job} />}
        />
      )}
    </section>
  );
}

function RolloutForm() {
  const [models, setModels] = useState<ModelsResponse['models']>([]);
  const [datasets, setDatasets] = useState<DatasetsResponse['datasets']>([]);
  const [model, setModel] = useState('');
  const [source, setSource] = useState<'dataset' | 'file'>('dataset');
  const [dataset, setDataset] = useState('');
  const [init, setInit] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [hours, setHours] = useState(24);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getJson<ModelsResponse>(`${API}/v1/models`)
      .then((r) => (setModels(r.models), setModel(r.models[0]?.id ?? '')))
      .catch((err: unknown) => setErrors(formErrors(err, [])));
    getJson<DatasetsResponse>(`${API}/v1/datasets`)
      .then((r) => {
        setDatasets(r.datasets);
        if (r.datasets.length === 0) setSource('file');
        setDataset(r.datasets[0]?.id ?? '');
      })
      .catch((err: unknown) => setErrors(formErrors(err, [])));
  }, []);
  const usable = datasets.filter((d) => reasonOf(d, model) === null);
  const times = useMemo(
    () => datasets.find((d) => d.id === dataset)?.models.find((m) => m.id === model)?.initTimes ?? [],
    [datasets, dataset, model],
  );
  // A dataset the model cannot start from is not a choice: the first one it can start from is, and
  // with none, the user's own file.
  useEffect(() => {
    if (!model || !datasets.length) return;
    if (!usable.some((d) => d.id === dataset)) setDataset(usable[0]?.id ?? '');
    if (!usable.length) setSource('file');
  }, [datasets, model]);
  useEffect(() => {
    if (source === 'dataset' && !times.includes(init)) setInit(times[0] ?? '');
  }, [times, source]);
  // A file's initial time is the server's to default (the first in the file the model can start from).
  useEffect(() => {
    if (source === 'file') setInit('');
  }, [source]);

  const step = models.find((m) => m.id === model)?.stepHours ?? 1;
  const leads = Array.from({ length: Math.max(1, Math.floor(hours / step)) }, (_, i) => (i + 1) * step);

  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      let job: Job;
      if (source === 'file') {
        if (!file) throw new ApiError('choose a NetCDF file', 0, 'file');
        const q = new URLSearchParams({
          model,
          ...(init.trim() ? { init: init.trim() } : {}),
          leads: leads.join(','),
          name: `${model} from ${file.name}`,
        });
        job = await post<Job>(`${API}/v1/forecasts?${q}`, file);
      } else {
        const body: ForecastRequest = {
          model,
          dataset,
          init,
          leads,
          name: `${model} from ${dataset} ${init}`,
        };
        if (!dataset) throw new ApiError(`no dataset here holds what ${model} starts from`, 0, 'dataset');
        job = await post<Job>(`${API}/v1/forecasts`, body);
      }
      navigate('weather', { job: job.id });
    } catch (err) {
      const control = err instanceof ApiError ? rolloutControlOf(err.path) : null;
      setErrors(control ? { [control]: (err as ApiError).message } : formErrors(err, ROLLOUT_CONTROLS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="controls" onSubmit={(e) => void submit(e)}>
      <Field label="Model" error={errors.model}>
        <select value={model} onChange={(e) => setModel(e.currentTarget.value)} data-testid="weather-model">
          {models.map((m) => (
            <option key={m.id} value={m.id} title={m.description}>
              {m.id} ({m.stepHours} h step)
            </option>
          ))}
        </select>
      </Field>
      <Field group label="Initial state" error={errors.dataset ?? errors.file}>
        <div class="row">
          <select
            value={source}
            onChange={(e) => setSource(e.currentTarget.value as 'dataset' | 'file')}
            aria-label="initial state source"
          >
            <option value="dataset" disabled={usable.length === 0}>
              a dataset on the server
              {datasets.length === 0
                ? ' (none configured)'
                : usable.length === 0
                  ? ` (none for ${model})`
                  : ''}
            </option>
            <option value="file">my NetCDF file</option>
          </select>
          {source === 'dataset' ? (
            <DatasetSelect datasets={datasets} model={model} value={dataset} onChange={setDataset} />
          ) : (
            <input
              type="file"
              accept=".nc,.nc4,.cdf,.netcdf"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          )}
        </div>
        {source === 'dataset' && <Unusable datasets={datasets} model={model} />}
        {source === 'file' && (
          <span class="hint">
            ERA5-style NetCDF (classic or NetCDF-4) with the model’s variables on its grid
            {datasets.length === 0 &&
              '. This server offers no datasets of its own: start it with STRATA_WEATHER_DATA_DIR set to a folder of NetCDF files to choose from them here.'}
          </span>
        )}
      </Field>
      <Field
        label="Initial time (UTC)"
        error={errors.init}
        {...(source === 'file'
          ? { hint: 'empty: the first time in the file the model can start from; else e.g. 2019-03-10T00:00' }
          : {})}
      >
        {source === 'dataset' ? (
          <select value={init} onChange={(e) => setInit(e.currentTarget.value)} data-testid="weather-init">
            {times.map((t) => (
              <option key={t} value={t}>
                {t.slice(0, 16).replace('T', ' ')}
              </option>
            ))}
          </select>
        ) : (
          <input
            value={init}
            onInput={(e) => setInit(e.currentTarget.value)}
            placeholder="first usable time in the file"
            data-testid="weather-init-text"
          />
        )}
      </Field>
      <Field label="Lead time (hours)" error={errors.leads} hint={`${leads.length} steps of ${step} h`}>
        <input
          type="number"
          min={step}
          step={step}
          max={240}
          value={hours}
          onInput={(e) => setHours(Number(e.currentTarget.value))}
        />
      </Field>
      <div class="actions">
        <button type="submit" disabled={busy || !model}>
          {busy ? 'Starting…' : 'Start the forecast'}
        </button>
        <ErrorNote error={errors.form} />
      </div>
    </form>
  );
}

type Dataset = DatasetsResponse['datasets'][number];

/** Why `model` cannot start from a dataset (the server says, per model), or null when it can. */
function reasonOf(d: Dataset, model: string): string | null {
  const starts = d.models.find((m) => m.id === model);
  if (starts?.initTimes.length) return null;
  return starts?.reason ?? `it was not checked for ${model}`;
}

/** The server's datasets: those the model cannot start from shown, but not to be chosen. */
function DatasetSelect(props: {
  datasets: readonly Dataset[];
  model: string;
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <select
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      data-testid="weather-dataset"
    >
      {props.datasets.map((d) => {
        const why = reasonOf(d, props.model);
        return (
          <option key={d.id} value={d.id} disabled={why !== null} title={why ?? undefined}>
            {d.id} {why ? `(not for ${props.model})` : `(${d.variables.map((v) => v.name).join(', ')})`}
          </option>
        );
      })}
    </select>
  );
}

/** Why the datasets the model cannot start from are not offered. */
function Unusable({ datasets, model }: { datasets: readonly Dataset[]; model: string }) {
  const reasons = model ? datasets.flatMap((d) => reasonOf(d, model) ?? []) : [];
  return reasons.length ? (
    <span class="hint" data-testid="unusable-datasets">
      Not offered for {model}: {reasons.join(' · ')}
    </span>
  ) : null;
}
