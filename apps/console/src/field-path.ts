/**
 * The control among `controls` that a problem's field path names: its deepest part that is one, so
 * `body.options.queries.0.smiles` goes to the similarity query's control (`queries`), not to every
 * option's (`options`). Indices are parts too, dotted (`queries.0`) or in brackets (`queries[0]`).
 */
export function controlOfPath(path: string | null, controls: readonly string[]): string | null {
  const parts = (path ?? '').split(/[.[\]]+/).filter(Boolean);
  return parts.reverse().find((p) => controls.includes(p)) ?? null;
}
