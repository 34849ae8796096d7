import type { LibrariesResponse, ScreenChoicesResponse } from '@strata/drug-api';
import { useEffect, useState } from 'preact/hooks';
import { getJson, post, type Job } from '../api';
import { Checks, ErrorNote, Field, type FormErrors } from '../components/ui';
import { navigate } from '../route';
import { designErrors, placed } from './design-fields';
import { defaultDesignForm, designNameOf, designOptionsOf, type DesignFormState } from './design-options';
import { DesignRun } from './design-run';
import { TermsEditor, type DesignChoices } from './design-terms';
import './design.css';

const API = 'drug';

/** Changes the form with `patch`; `changed` names the inputs whose errors no longer hold. */
type Setter = (patch: Partial<DesignFormState>, changed?: readonly string[]) => void;

/** The inputs a field of the form's state is shown by, when their names differ. */
const CONTROLS_OF: Partial<Record<keyof DesignFormState, readonly string[]>> = {
  noPains: ['constraints'],
  noMedchem: ['constraints'],
  rules: ['constraints'],
  generateCount: ['generate'],
  start: ['seeds', 'library', 'molecules', 'generate', 'lead', 'minSimilarity'],
};
/**
 * Molecule design: an objective (terms, weights, constraints) and where to start, a design job started
 * and followed live (best and mean score by generation), then its best molecules drawn.
 */
export function DesignPage({ params }: { params: URLSearchParams }) {
  const jobId = params.get('job');
  const [choices, setChoices] = useState<DesignChoices | null>(null);
  const [libraries, setLibraries] = useState<LibrariesResponse['libraries']>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const failed = (err: unknown) => setError(err instanceof Error ? err.message : String(err));
    getJson<ScreenChoicesResponse>(`${API}/v1/screen-options`).then(setChoices).catch(failed);
    getJson<LibrariesResponse>(`${API}/v1/libraries`)
      .then((l) => setLibraries(l.libraries))
      .catch(failed);
  }, []);
  return (
    <section class="page">
      <h1>Molecule design</h1>
      <p class="note intro">
        A genetic algorithm on molecular graphs (GuacaMol’s Graph GA) makes molecules that score well on an
        objective: each term measures a molecule and becomes a desirability from 0 to 1, combined with their
        weights; a molecule that breaks a hard constraint scores 0.
      </p>
      <ErrorNote error={error} />
      <DesignForm choices={choices} libraries={libraries} />
      {jobId && <DesignRun jobId={jobId} choices={choices} />}
    </section>
  );
}

function DesignForm(props: { choices: DesignChoices | null; libraries: LibrariesResponse['libraries'] }) {
  const [form, setForm] = useState<DesignFormState>(defaultDesignForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const set: Setter = (patch, changed) => {
    setForm((f) => ({ ...f, ...patch }));
    const gone = changed ?? Object.keys(patch).flatMap((k) => CONTROLS_OF[k as keyof DesignFormState] ?? [k]);
    // A refusal of an input as it was no longer holds once it changes; the others' still do.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !gone.includes(k))));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      const body = { options: designOptionsOf(form), name: designNameOf(form) };
      const job = await post<Job>(`${API}/v1/designs`, body);
      navigate('design', { job: job.id });
    } catch (err) {
      setErrors(designErrors(err));
    } finally {
      setBusy(false);
    }
  };
  const shown = placed(errors, form.terms.length);
  return (
    <form class="controls design-form" onSubmit={(e) => void submit(e)} noValidate>
      <TermsEditor
        terms={form.terms}
        choices={props.choices}
        errors={shown}
        onChange={(terms, changed) =>
          // A term removed moves those after it up: every term's error goes, the other inputs' stay.
          set(
            { terms },
            changed.includes('terms') ? Object.keys(errors).filter((k) => k.startsWith('terms')) : changed,
          )
        }
      />
      <Field group label="Combine the terms" error={shown.combine}>
        <div class="row">
          {(['product', 'sum'] as const).map((c) => (
            <label key={c} class="check">
              <input
                type="radio"
                name="combine"
                checked={form.combine === c}
                onChange={() => set({ combine: c })}
              />
              {c === 'product' ? 'product (every term must be met)' : 'sum (terms trade off)'}
            </label>
          ))}
        </div>
      </Field>
      <ConstraintFields form={form} set={set} errors={shown} rules={props.choices?.rules ?? []} />
      <StartFields form={form} set={set} errors={shown} libraries={props.libraries} />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start the design'}
        </button>
        <ErrorNote error={shown.form} />
      </div>
    </form>
  );
}

const FLAGS = [
  { id: 'noPains', label: 'no PAINS alerts' },
  { id: 'noMedchem', label: 'no medchem exclusions (NIBR)' },
] as const;

function ConstraintFields(props: {
  form: DesignFormState;
  set: Setter;
  errors: FormErrors;
  rules: DesignChoices['rules'];
}) {
  const { form, set, errors } = props;
  return (
    <>
      <Field group label="Hard constraints" error={errors.constraints}>
        <Checks
          items={FLAGS}
          chosen={FLAGS.filter((f) => form[f.id]).map((f) => f.id)}
          onChange={(on) => set({ noPains: on.includes('noPains'), noMedchem: on.includes('noMedchem') })}
        />
        <Checks
          items={props.rules.map((r) => ({
            id: r.name,
            label: `${r.name} rules`,
            title: r.rules.join(', '),
          }))}
          chosen={form.rules}
          onChange={(rules) => set({ rules })}
        />
      </Field>
      <Field
        label="Required substructures (SMARTS)"
        error={errors.require}
        hint="one a line; a name may follow"
      >
        <textarea
          class="short"
          value={form.require}
          onInput={(e) => set({ require: e.currentTarget.value })}
          spellcheck={false}
        />
      </Field>
      <Field
        label="Forbidden substructures (SMARTS)"
        error={errors.forbid}
        hint="one a line; a name may follow"
      >
        <textarea
          class="short"
          value={form.forbid}
          onInput={(e) => set({ forbid: e.currentTarget.value })}
          spellcheck={false}
        />
      </Field>
    </>
  );
}

const STARTS = [
  ['library', 'a bundled library'],
  ['molecules', 'pasted SMILES'],
  ['generate', 'from the generator'],
  ['lead', 'a lead (optimise it)'],
] as const;

function StartFields(props: {
  form: DesignFormState;
  set: Setter;
  errors: FormErrors;
  libraries: LibrariesResponse['libraries'];
}) {
  const { form, set, errors } = props;
  const value = (k: keyof DesignFormState) => (e: { currentTarget: { value: string } }) =>
    set({ [k]: e.currentTarget.value });
  return (
    <>
      <Field group label="Start from" error={errors.seeds}>
        <div class="row">
          {STARTS.map(([id, label]) => (
            <label key={id} class="check">
              <input
                type="radio"
                name="start"
                checked={form.start === id}
                onChange={() => set({ start: id })}
              />
              {label}
            </label>
          ))}
        </div>
        {form.start === 'library' && (
          <Field label="Library" error={errors.library}>
            <select value={form.library} onChange={value('library')}>
              {props.libraries.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.id} ({l.molecules.toLocaleString()} molecules)
                </option>
              ))}
            </select>
          </Field>
        )}
        {form.start === 'molecules' && (
          <Field label="Seed SMILES" error={errors.molecules} hint="one a line; the best-scoring start">
            <textarea value={form.molecules} onInput={value('molecules')} spellcheck={false} />
          </Field>
        )}
        {form.start === 'generate' && (
          <Field label="Molecules to sample" error={errors.generate} hint="from the SMILES generator model">
            <input type="number" min="1" value={form.generateCount} onInput={value('generateCount')} />
          </Field>
        )}
        {form.start === 'lead' && (
          <div class="row">
            <Field label="Lead SMILES" error={errors.lead}>
              <input value={form.lead} onInput={value('lead')} size={36} spellcheck={false} />
            </Field>
            <Field
              label="Similarity floor"
              error={errors.minSimilarity}
              hint="analogues at least this like it"
            >
              <input
                type="number"
                min="0"
                max="1"
                step="0.05"
                value={form.minSimilarity}
                onInput={value('minSimilarity')}
              />
            </Field>
          </div>
        )}
      </Field>
      <Field label="Budget (molecules scored)" error={errors.budget}>
        <input type="number" min="1" value={form.budget} onInput={value('budget')} data-testid="budget" />
      </Field>
      <SettingsFields form={form} set={set} errors={errors} />
    </>
  );
}

function SettingsFields({ form, set, errors }: { form: DesignFormState; set: Setter; errors: FormErrors }) {
  const open = Boolean(errors.population ?? errors.offspring ?? errors.seed);
  const input = (k: 'population' | 'offspring' | 'seed', placeholder: string) => (
    <input
      type="number"
      min="0"
      value={form[k]}
      placeholder={placeholder}
      onInput={(e) => set({ [k]: e.currentTarget.value })}
    />
  );
  return (
    <Field group label="Optimiser" error={undefined}>
      <details class="more" open={open}>
        <summary>population, offspring, random seed</summary>
        <div class="row">
          <Field label="Population" error={errors.population} hint="kept each generation">
            {input('population', '100')}
          </Field>
          <Field label="Offspring" error={errors.offspring} hint="made each generation">
            {input('offspring', '200')}
          </Field>
          <Field label="Random seed" error={errors.seed} hint="the same seed, the same molecules">
            {input('seed', '0')}
          </Field>
        </div>
      </details>
    </Field>
  );
}
