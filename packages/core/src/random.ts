/**
 * A small seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed, the same numbers,
 * on every platform. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `items` in a random order (Fisher-Yates) drawn from `random` (e.g. {@link mulberry32}): the same
 * source, the same order.
 *
 * @example
 * ```ts
 * shuffled([1, 2, 3, 4], mulberry32(7)); // the same permutation for seed 7, every time
 * ```
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
