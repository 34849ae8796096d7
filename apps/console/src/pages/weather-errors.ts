import { controlOfPath } from '../field-path';

/** The rollout form's controls, as the weather API's problems name their fields. */
export const ROLLOUT_CONTROLS = ['model', 'dataset', 'init', 'leads', 'variables', 'levels', 'file'];

/**
 * The rollout form's control that a problem's field path names: its deepest part that is one
 * (`query.init` and `body.init` are both the initial time), and `body` on its own for the file: an
 * upload is the request's body (its options in the query), so the API names a file it cannot start
 * from `body`.
 */
export function rolloutControlOf(path: string | null): string | null {
  return path === 'body' ? 'file' : controlOfPath(path, ROLLOUT_CONTROLS);
}
