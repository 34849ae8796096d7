// Constrained decoding: a caller's state machine over each sequence's tokens says which tokens may come
// next, so that a sampler never writes a sequence its domain cannot read (a grammar, a length rule).

/**
 * Which tokens may follow each prefix of a sequence, as a state machine the sampler runs beside the
 * model: one state per sequence, from {@link SequenceConstraint.start}, advanced by every token drawn.
 * The model's probabilities are renormalised over the allowed tokens, so a constraint changes which
 * sequences are drawn, never the model. Core knows no grammar: a domain package supplies one.
 *
 * @example
 * ```ts
 * // At most 10 tokens, then only the end token (id 2).
 * const short: SequenceConstraint<{ n: number }> = {
 *   start: () => ({ n: 0 }),
 *   allow: (s, allowed) => (s.n < 10 ? allowed.fill(1) : (allowed[2] = 1)),
 *   next: (s) => ({ n: s.n + 1 }),
 * };
 * await sampleSequences(session, spec, { count: 100, seed: 1, constraint: short });
 * ```
 */
export interface SequenceConstraint<S = unknown> {
  /** The state of an empty sequence (before its first token). */
  start(): S;
  /**
   * Marks with 1 in `allowed` (one flag per vocabulary id, all 0 on entry) every token that may follow the
   * sequence in `state`, the end token included. Marking none ends the sequence there, unfinished.
   */
  allow(state: S, allowed: Uint8Array): void;
  /** The state after `token` was drawn (may be `state` itself, changed in place). */
  next(state: S, token: number): S;
}
