// Choosing the next token from a model's logits: temperature, top-k and nucleus (top-p) sampling with a
// seeded generator, so that the same seed gives the same sequences.
import { mulberry32 } from '../random.js';

/** How the next token is chosen. */
export interface TokenChoice {
  /** Divides the logits: below 1 sharper, above 1 flatter; 0 takes the most likely token. @defaultValue 1 */
  readonly temperature?: number;
  /** Keeps only the k most likely tokens (0: all). @defaultValue 0 */
  readonly topK?: number;
  /** Keeps the fewest most likely tokens whose probabilities reach p (1: all). @defaultValue 1 */
  readonly topP?: number;
}

/**
 * A small seeded generator of uniform numbers in [0, 1) (mulberry32), one stream per sequence: its seed
 * mixes the run's seed with the sequence's index (splitmix32), so a sequence does not depend on the
 * batch it was drawn in.
 */
export function uniformStream(seed: number, index: number): () => number {
  let z = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return mulberry32(z ^ (z >>> 16));
}

/**
 * The next token of one row of logits. `forbidden` ids are never chosen, nor, when `allowed` is given,
 * the ids it marks 0. The logits are read, not changed. Returns the id and its log-probability under
 * the distribution it was drawn from.
 */
export function chooseToken(
  logits: Float32Array,
  choice: TokenChoice,
  forbidden: ReadonlySet<number>,
  uniform: () => number,
  allowed?: Uint8Array,
): { id: number; logProbability: number } {
  const { temperature = 1, topK = 0, topP = 1 } = choice;
  const order: number[] = [];
  for (let i = 0; i < logits.length; i++)
    if (!forbidden.has(i) && (!allowed || allowed[i]) && Number.isFinite(logits[i])) order.push(i);
  if (!order.length) throw new RangeError('every token is forbidden or not a number: nothing to choose');
  order.sort((a, b) => logits[b]! - logits[a]! || a - b);
  if (temperature === 0) return { id: order[0]!, logProbability: 0 };
  const kept = topK > 0 ? order.slice(0, topK) : order;
  // Softmax over the kept tokens, shifted by the largest logit for range.
  const top = logits[kept[0]!]! / temperature;
  const weights = kept.map((i) => Math.exp(logits[i]! / temperature - top));
  let total = weights.reduce((s, w) => s + w, 0);
  let n = kept.length;
  if (topP < 1) {
    let mass = 0;
    n = 0;
    while (n < kept.length && mass < topP * total) mass += weights[n++]!;
    total = mass;
  }
  let r = uniform() * total;
  let pick = n - 1;
  for (let k = 0; k < n; k++) {
    r -= weights[k]!;
    if (r < 0) {
      pick = k;
      break;
    }
  }
  return { id: kept[pick]!, logProbability: Math.log(weights[pick]! / total) };
}
