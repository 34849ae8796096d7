import type { ScreenChoicesResponse } from '@strata/drug-api';
import { ErrorNote, Field, type FormErrors } from '../components/ui';
import { newTerm, type TermKind, type TermState } from './design-options';

/** What a term's pickers offer: the screen's descriptors and property models (one output per task). */
export type DesignChoices = Pick<ScreenChoicesResponse, 'descriptors' | 'models' | 'rules'>;

const TITLES: Record<TermKind, string> = {
  similarity: 'Similarity to targets',
  qed: 'QED (drug-likeness)',
  sa: 'SA score (ease of synthesis)',
  descriptor: 'Descriptor in a range',
  model: 'Property model output in a range',
};
const ADD: readonly [TermKind, string][] = [
  ['similarity', 'similarity'],
  ['qed', 'QED'],
  ['sa', 'SA'],
  ['descriptor', 'descriptor'],
  ['model', 'model output'],
];

/** Each property model's outputs as `[model, task, label]`: a screen's column `<model>_<task>` each. */
export function modelOutputs(choices: DesignChoices | null): [string, string, string][] {
  return (choices?.models ?? []).flatMap((m) =>
    m.columns.map((c): [string, string, string] => [
      m.id,
      c.name.slice(m.id.length + 1),
      `${c.label}${c.units ? ` (${c.units})` : ''}`,
    ]),
  );
}

/** A new term of a kind, its picker set to the first choice (a descriptor to the API's own example's). */
function added(kind: TermKind, choices: DesignChoices | null): TermState {
  if (kind === 'descriptor') return newTerm(kind, { name: 'CrippenClogP', min: '1', max: '3' });
  const [model = '', task = ''] = kind === 'model' ? (modelOutputs(choices)[0] ?? []) : [];
  return newTerm(kind, { model, task });
}

/**
 * The objective's terms: each with its inputs and weight and a remove button, and a button per kind
 * to add one. `errors` are keyed `terms.<i>.<input>` (`terms.<i>` for the term as a whole).
 */
export function TermsEditor(props: {
  terms: readonly TermState[];
  choices: DesignChoices | null;
  errors: FormErrors;
  onChange: (terms: TermState[], changed: string[]) => void;
}) {
  const { terms, onChange } = props;
  const edit = (i: number, patch: Partial<TermState>) =>
    onChange(
      terms.map((t, k) => (k === i ? { ...t, ...patch } : t)),
      [`terms.${i}`, ...Object.keys(patch).map((f) => `terms.${i}.${f}`)],
    );
  return (
    <Field group label="Objective terms" error={props.errors.terms}>
      <div class="terms">
        {terms.map((t, i) => (
          <TermRow
            key={t.key}
            term={t}
            index={i}
            choices={props.choices}
            errors={props.errors}
            onEdit={(patch) => edit(i, patch)}
            // Later terms move up a place: their errors would land on their neighbours.
            onRemove={() =>
              onChange(
                terms.filter((_, k) => k !== i),
                ['terms'],
              )
            }
          />
        ))}
      </div>
      <div class="row add-terms">
        <span class="hint">Add:</span>
        {ADD.map(([kind, label]) => (
          <button
            key={kind}
            type="button"
            class="secondary"
            onClick={() => onChange([...terms, added(kind, props.choices)], ['terms'])}
          >
            + {label}
          </button>
        ))}
      </div>
    </Field>
  );
}

function TermRow(props: {
  term: TermState;
  index: number;
  choices: DesignChoices | null;
  errors: FormErrors;
  onEdit: (patch: Partial<TermState>) => void;
  onRemove: () => void;
}) {
  const { term: t, onEdit } = props;
  const error = (input: string) => props.errors[`terms.${props.index}.${input}`];
  const text = (input: keyof TermState) => (e: { currentTarget: { value: string } }) =>
    onEdit({ [input]: e.currentTarget.value });
  return (
    <div class="term" data-testid="term" data-kind={t.kind}>
      <div class="term-head">
        <strong>{TITLES[t.kind]}</strong>
        <button type="button" class="link" aria-label={`remove ${TITLES[t.kind]}`} onClick={props.onRemove}>
          remove
        </button>
      </div>
      <div class="term-inputs">
        {t.kind === 'similarity' && (
          <Field
            label="Target SMILES"
            error={error('targets')}
            hint="one a line (a name may follow); the best Tanimoto on Morgan counts"
          >
            <textarea class="short" value={t.targets} onInput={text('targets')} rows={2} spellcheck={false} />
          </Field>
        )}
        {t.kind === 'descriptor' && (
          <Field label="Descriptor" error={error('name')}>
            <select value={t.name} onChange={text('name')}>
              {(props.choices?.descriptors ?? []).map((d) => (
                <option key={d.name} value={d.name} title={d.description}>
                  {d.label}
                  {d.units ? ` (${d.units})` : ''}
                </option>
              ))}
            </select>
          </Field>
        )}
        {t.kind === 'model' && (
          <Field label="Model output" error={error('model') ?? error('task')}>
            <select
              value={`${t.model}\t${t.task}`}
              onChange={(e) => {
                const [model = '', task = ''] = e.currentTarget.value.split('\t');
                onEdit({ model, task });
              }}
            >
              {modelOutputs(props.choices).map(([model, task, label]) => (
                <option key={`${model}\t${task}`} value={`${model}\t${task}`}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        )}
        {(t.kind === 'descriptor' || t.kind === 'model') && (
          <>
            <Field label="From" error={error('min')}>
              <input type="number" step="any" value={t.min} onInput={text('min')} placeholder="min" />
            </Field>
            <Field label="To" error={error('max')}>
              <input type="number" step="any" value={t.max} onInput={text('max')} placeholder="max" />
            </Field>
          </>
        )}
        <Field label="Weight" error={error('weight')}>
          <input type="number" step="any" min="0" value={t.weight} onInput={text('weight')} />
        </Field>
      </div>
      <ErrorNote error={props.errors[`terms.${props.index}`]} />
    </div>
  );
}
