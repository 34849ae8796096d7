// Where the drug API's refusal of a design option goes among the design form's inputs: a problem names
// its field as a path into the request (`body.options.objective.terms.1.targets.0`), the form shows it
// beside the input that made that part of the request (the second term's targets).
import { ApiError } from '../api';
import type { FormErrors } from '../components/ui';

/** Options the form sets with one input of the same name (it leaves the others to their defaults). */
const SETTINGS = ['budget', 'population', 'offspring', 'seed'];
/** A term's fields that are one input each. */
const TERM_INPUTS = ['targets', 'weight', 'name', 'model', 'task'];

/** A term's input: `terms.<i>.<input>`; the term as a whole for what no one input makes. */
function termControl(index: string | undefined, rest: readonly string[]): string {
  if (index === undefined || !/^\d+$/.test(index)) return 'terms';
  const [field, sub] = rest;
  if (field && TERM_INPUTS.includes(field)) return `terms.${index}.${field}`;
  // A range's bounds: `min` or `max` (the API blames `min` for a range upside down).
  if (field === 'desirability' && (sub === 'min' || sub === 'max')) return `terms.${index}.${sub}`;
  return `terms.${index}`;
}

/** The input of an objective's field (its path after `objective.`). */
function objectiveControl(parts: readonly string[]): string {
  const [first, second, third] = parts;
  if (first === 'terms') return termControl(second, parts.slice(2));
  if (first === 'combine') return 'combine';
  if (first === 'constraints') {
    if (second === 'require' || second === 'forbid') return second;
    // The lead's floor becomes a constraint of the objective; the lead's inputs set it.
    if (second === 'similarTo') return third === 'min' ? 'minSimilarity' : 'lead';
    return 'constraints';
  }
  return 'terms';
}

/**
 * The design form's input that a problem's field path names (`terms.1.targets`, `terms.0.min`,
 * `forbid`, `library`, `lead`, `budget`, ...), or null when none does (the form's own note shows it).
 */
export function designControlOf(path: string | null): string | null {
  if (!path) return null;
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  const at = parts.indexOf('options');
  if (at < 0) return null;
  const [first, second, ...rest] = parts.slice(at + 1);
  if (first === undefined) return null;
  if (first === 'objective') return second === undefined ? 'terms' : objectiveControl([second, ...rest]);
  if (first === 'seeds') {
    if (second === 'molecules' || second === 'library' || second === 'generate') return second;
    return 'seeds';
  }
  if (first === 'lead') return second === 'minSimilarity' ? 'minSimilarity' : 'lead';
  return SETTINGS.includes(first) ? first : null;
}

/**
 * A failed request's errors by the design form's input: each field a 400 lists (a validation problem
 * lists every bad field), the first message of each input kept; `form` for what names no input.
 */
export function designErrors(err: unknown): FormErrors {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ApiError)) return { form: message };
  const listed = err.errors.length > 0 ? err.errors : [{ field: err.path, message }];
  const errors: Record<string, string> = {};
  for (const e of listed) {
    const control = designControlOf(e.field) ?? 'form';
    // The field's path heads the API's messages (`body.options.budget: ...`); the input beside it says it.
    errors[control] ??= control === 'form' ? e.message : e.message.replace(/^(body|query)\.\S+: /, '');
  }
  return errors;
}

/** The inputs that show an error besides the terms' (`terms.<i>...`). */
const SHOWN = [
  ...['terms', 'combine', 'constraints', 'require', 'forbid'],
  ...['seeds', 'library', 'molecules', 'generate', 'lead', 'minSimilarity'],
  ...['budget', 'population', 'offspring', 'seed'],
];

/**
 * Errors no input of the form shows (a term past the last, a field it has no input for) moved to the
 * form's own note, so that none goes unseen; `terms` is how many terms the form has.
 */
export function placed(errors: FormErrors, terms: number): FormErrors {
  const shown = (k: string) => SHOWN.includes(k) || Number(/^terms\.(\d+)/.exec(k)?.[1] ?? terms) < terms;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const at = shown(k) ? k : 'form';
    out[at] = out[at] ? `${out[at]}; ${v}` : v;
  }
  return out;
}
