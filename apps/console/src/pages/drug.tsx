import type {
  LibrariesResponse,
  ScreenChoicesResponse,
  ScreenOptionsInput,
  ScreenRequest,
  ScreenSummary,
} from '@strata/drug-api';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, post, type Job } from '../api';
import { FollowedJob } from '../components/followed-job';
import { ScoreAsYouType } from '../components/molecule';
import { Checks, ErrorNote, Field, formErrors, type FormErrors } from '../components/ui';
import { navigate } from '../route';
import { ScreenResults } from './drug-results';

const API = 'drug';
const FLAGS = [
  { id: 'pains', label: 'PAINS alerts' },
  { id: 'qed', label: 'QED' },
  { id: 'sa', label: 'SA score' },
  { id: 'standardise', label: 'standardise' },
] as const;
/** The controls of a screen's options (not of its molecules); any other option's error goes to `options`. */
const OPTION_CONTROLS = ['options', 'descriptors', 'rules', 'models', 'queries'];
const CONTROLS = ['molecules', 'library', 'file', ...OPTION_CONTROLS];
const EXAMPLE = [
  'CC(=O)Oc1ccccc1C(=O)O aspirin',
  'CN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O ibuprofen',
  'O=C(O)c1ccccc1O salicylic_acid',
  'Oc1ccc(cc1)/N=N/c1ccccc1 azo_phenol',
  'not-a-smiles broken',
].join('\n');

type Source = 'paste' | 'file' | 'library';

/** Errors but those of `controls`. */
const omit = (errors: FormErrors, controls: readonly string[]): FormErrors =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => !controls.includes(k)));

/** Drug screening: molecules in, options chosen, a job started and followed, results paged and sorted. */
export function DrugPage({ params }: { params: URLSearchParams }) {
  const jobId = params.get('job');
  return (
    <section class="page">
      <h1>Molecule screening</h1>
      <ScoreAsYouType />
      <h2>Screen a set of molecules</h2>
      <ScreenForm />
      {jobId && (
        <FollowedJob
          api={API}
          id={jobId}
          unit="molecules"
          testId="screen-job"
          done={(job) => <ScreenResults jobId={jobId} columns={(job.summary as ScreenSummary).columns} />}
        />
      )}
    </section>
  );
}

function ScreenForm() {
  const [choices, setChoices] = useState<ScreenChoicesResponse | null>(null);
  const [libraries, setLibraries] = useState<LibrariesResponse['libraries']>([]);
  const [source, setSource] = useState<Source>('paste');
  const [text, setText] = useState(EXAMPLE);
  const [file, setFile] = useState<File | null>(null);
  const [library, setLibrary] = useState('');
  const [descriptors, setDescriptors] = useState<string[]>([]);
  const [rules, setRules] = useState<string[]>([]);
  const [models, setModels] = useState<string[]>([]);
  const [flags, setFlags] = useState({ standardise: true, pains: true, qed: true, sa: false });
  const [query, setQuery] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  // What the server says of the options as they are now, before any molecule is sent.
  const [checked, setChecked] = useState<FormErrors>({});

  useEffect(() => {
    getJson<ScreenChoicesResponse>(`${API}/v1/screen-options`)
      .then((c) => {
        setChoices(c);
        setDescriptors(c.descriptors.filter((d) => d.default).map((d) => d.name));
        setRules(c.rules.filter((r) => r.default).map((r) => r.name));
      })
      .catch((err: unknown) => setErrors(formErrors(err, [])));
    getJson<LibrariesResponse>(`${API}/v1/libraries`)
      .then((l) => (setLibraries(l.libraries), setLibrary(l.libraries[0]?.id ?? '')))
      .catch((err: unknown) => setErrors(formErrors(err, [])));
  }, []);

  const options = (): ScreenOptionsInput => ({
    ...flags,
    descriptors: descriptors as NonNullable<ScreenOptionsInput['descriptors']>,
    rules: rules as NonNullable<ScreenOptionsInput['rules']>,
    models,
    ...(query.trim()
      ? { queries: [{ id: 'query', smiles: query.trim() }], rank: { by: 'similarity', ascending: false } }
      : flags.qed
        ? { rank: { by: 'qed', ascending: false } }
        : {}),
  });

  // Options are checked as they change (after a pause in typing), as a screen would check them: a query
  // molecule RDKit cannot read is named beside its field before the screen is started.
  const optionsKey = JSON.stringify(options());
  const currentOptions = useRef(optionsKey);
  currentOptions.current = optionsKey;
  useEffect(() => {
    // A refusal of the options as they were no longer holds; one of the molecules still does.
    setErrors((e) => omit(e, OPTION_CONTROLS));
    const abort = new AbortController();
    const timer = setTimeout(() => {
      post('drug/v1/screen-options/check', { options: JSON.parse(optionsKey) as unknown }, abort.signal)
        .then(() => setChecked({}))
        .catch((err: unknown) => abort.signal.aborted || setChecked(formErrors(err, CONTROLS)));
    }, 400);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [optionsKey]);
  const shown: FormErrors = { ...checked, ...errors };

  const submit = async (e: Event) => {
    e.preventDefault();
    const sent = optionsKey;
    setErrors({});
    setBusy(true);
    try {
      let job: Job;
      if (source === 'file') {
        if (!file) throw new ApiError('choose a file', 0, 'file');
        const q = new URLSearchParams({ options: JSON.stringify(options()), name: file.name });
        job = await post<Job>(`${API}/v1/screens?${q}`, file);
      } else if (source === 'paste') {
        // Sent as a SMILES file, so the names after each SMILES become the rows' ids.
        if (!text.trim()) throw new ApiError('paste at least one SMILES', 0, 'file');
        const q = new URLSearchParams({
          options: JSON.stringify(options()),
          format: 'smiles',
          name: 'pasted molecules',
        });
        job = await post<Job>(`${API}/v1/screens?${q}`, new Blob([text], { type: 'text/plain' }));
      } else {
        const body: ScreenRequest = { library, options: options(), name: library };
        job = await post<Job>(`${API}/v1/screens`, body);
      }
      navigate('drug', { job: job.id });
    } catch (err) {
      const refused = formErrors(err, CONTROLS);
      // Options changed while the request was on its way: its refusal of them no longer holds.
      const stale = sent !== currentOptions.current;
      setErrors(stale ? omit(refused, OPTION_CONTROLS) : refused);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="controls" onSubmit={(e) => void submit(e)}>
      <Field group label="Molecules" error={shown.molecules ?? shown.library ?? shown.file}>
        <div class="row">
          {(['paste', 'file', 'library'] as const).map((s) => (
            <label key={s} class="check">
              <input type="radio" name="source" checked={source === s} onChange={() => setSource(s)} />
              {{ paste: 'paste SMILES', file: 'upload a file', library: 'a bundled library' }[s]}
            </label>
          ))}
        </div>
        {source === 'paste' && (
          <textarea
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            data-testid="smiles-input"
            spellcheck={false}
            placeholder="one SMILES per line, optionally followed by a name (one word)"
          />
        )}
        {source === 'file' && (
          <input
            type="file"
            accept=".smi,.txt,.csv,.tsv,.sdf,.sd,.gz"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        )}
        {source === 'library' && (
          <select value={library} onChange={(e) => setLibrary(e.currentTarget.value)}>
            {libraries.map((l) => (
              <option key={l.id} value={l.id}>
                {l.id} ({l.molecules.toLocaleString()} molecules
                {l.unparsed ? `, ${l.unparsed.toLocaleString()} RDKit cannot read` : ''})
              </option>
            ))}
          </select>
        )}
        <span class="hint">SMILES, CSV/TSV with a smiles column, or SDF; gzipped or not</span>
      </Field>
      <Field group label="Filters" error={shown.rules ?? shown.options}>
        <Checks
          items={(choices?.rules ?? []).map((r) => ({ id: r.name, title: r.rules.join(', ') }))}
          chosen={rules}
          onChange={setRules}
        />
        <Checks
          items={FLAGS}
          chosen={FLAGS.filter((f) => flags[f.id]).map((f) => f.id)}
          onChange={(on) =>
            setFlags({ ...flags, ...Object.fromEntries(FLAGS.map((f) => [f.id, on.includes(f.id)])) })
          }
        />
      </Field>
      <Field group label="Property models" error={shown.models}>
        <Checks
          items={(choices?.models ?? []).map((m) => ({ id: m.id, title: m.description }))}
          chosen={models}
          onChange={setModels}
        />
      </Field>
      <Field label="Similar to (optional SMILES)" error={shown.queries} hint="ranks by Tanimoto similarity">
        <input value={query} onInput={(e) => setQuery(e.currentTarget.value)} size={36} spellcheck={false} />
      </Field>
      <Field group label="Descriptors" error={shown.descriptors}>
        <details class="more">
          <summary>
            {descriptors.length} of {choices?.descriptors.length ?? 0} chosen
          </summary>
          <Checks
            items={(choices?.descriptors ?? []).map((d) => ({
              id: d.name,
              label: d.units ? `${d.label} (${d.units})` : d.label,
              title: `${d.name}${d.description ? `: ${d.description}` : ''}`,
            }))}
            chosen={descriptors}
            onChange={setDescriptors}
          />
        </details>
      </Field>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start the screen'}
        </button>
        <ErrorNote error={shown.form} />
      </div>
    </form>
  );
}
