import type { ComponentChildren } from 'preact';
import { ApiError, type Job } from '../api';
import { controlOfPath } from '../field-path';

/**
 * A labelled control with its error (from the API) right beside it. A `group` holds several controls
 * with labels of their own (radios, check boxes), which one label element must not wrap.
 */
export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  group?: boolean;
  children: ComponentChildren;
}) {
  const cls = `field${props.error ? ' has-error' : ''}`;
  const body = (
    <>
      <span class="label">{props.label}</span>
      {props.children}
      {props.hint && !props.error && <span class="hint">{props.hint}</span>}
      {props.error && (
        <span class="error" role="alert">
          {props.error}
        </span>
      )}
    </>
  );
  return props.group ? (
    <div class={cls} role="group" aria-label={props.label}>
      {body}
    </div>
  ) : (
    <label class={cls}>{body}</label>
  );
}

/** An error message not tied to one control. */
export function ErrorNote({ error }: { error: string | null | undefined }) {
  return error ? (
    <p class="error-note" role="alert">
      {error}
    </p>
  ) : null;
}

/** Errors of a form by control, `form` for those that name none. */
export type FormErrors = Readonly<Record<string, string>>;

/** Files an error under the control it names (among `controls`), or under `form`. */
export function formErrors(err: unknown, controls: readonly string[]): FormErrors {
  const message = err instanceof Error ? err.message : String(err);
  const field =
    err instanceof ApiError
      ? (controlOfPath(err.path, controls) ?? (err.field && controls.includes(err.field) ? err.field : null))
      : null;
  return { [field ?? 'form']: message };
}

const seconds = (s: number) =>
  s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;

/** A job's state and progress: a bar with done/total, the rate and the time left. */
export function JobProgress({ job, unit, onCancel }: { job: Job; unit: string; onCancel?: () => void }) {
  const { done, total, rate, etaSeconds } = job.progress;
  const share = total ? Math.min(1, done / total) : null;
  const running = job.state === 'queued' || job.state === 'running';
  return (
    <div class={`job job-${job.state}`} data-state={job.state}>
      <div class="job-head">
        <strong>{job.name ?? job.kind}</strong>
        <span class="badge">{job.state}</span>
        {running && onCancel && (
          <button type="button" class="link" onClick={onCancel}>
            cancel
          </button>
        )}
      </div>
      <progress max={1} value={share ?? (job.state === 'succeeded' ? 1 : undefined)} />
      <div class="job-stats">
        <span>
          {done.toLocaleString()}
          {total !== null ? ` / ${total.toLocaleString()}` : ''} {unit}
          {share !== null ? ` (${Math.round(share * 100)}%)` : ''}
        </span>
        {rate !== null && running && (
          <span>
            {rate.toFixed(rate < 10 ? 1 : 0)} {unit}/s
          </span>
        )}
        {etaSeconds !== null && running && <span>about {seconds(etaSeconds)} left</span>}
      </div>
      {job.error && <ErrorNote error={`${job.error.code}: ${job.error.message}`} />}
    </div>
  );
}

/** One choice of a {@link Checks} group: its value, and a label and tooltip when they differ from it. */
export interface Choice {
  readonly id: string;
  readonly label?: string;
  readonly title?: string;
}

/** A group of check boxes over `items`; `onChange` gets the chosen ids. */
export function Checks(props: {
  items: readonly Choice[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const { chosen, onChange } = props;
  return (
    <div class="checks">
      {props.items.map((c) => (
        <label key={c.id} class="check" title={c.title}>
          <input
            type="checkbox"
            checked={chosen.includes(c.id)}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))
            }
          />
          {c.label ?? c.id}
        </label>
      ))}
    </div>
  );
}
