// The token vocabulary of SMILES and SELFIES language models: what the generator is trained on and what its
// samples are decoded with, so training and serving split strings by the same code. A SELFIES symbol is
// bracketed (`[=C]`, `[Branch1]`) and a bracketed SMILES atom is one token, so one tokeniser serves both.

/**
 * One SMILES token: a bracket atom (`[nH]`, `[C@@H]`, `[O-]`), a two-letter organic-subset atom (`Cl`,
 * `Br`), a two-digit ring closure (`%10`), or one character (atom, bond, branch, ring digit, dot).
 */
const TOKEN = /\[[^\]]*\]|Br|Cl|%\d\d|./gy;

/**
 * The tokens of a SMILES string, in order; `null` when it holds an unclosed bracket (`C[nH`), which no
 * tokenisation can represent.
 *
 * @example
 * ```ts
 * smilesTokens('Clc1cc[nH]c1Br'); // ['Cl', 'c', '1', 'c', 'c', '[nH]', 'c', '1', 'Br']
 * ```
 */
export function smilesTokens(smiles: string): string[] | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(smiles); m; m = TOKEN.exec(smiles)) {
    if (m[0] === '[') return null; // a bracket with no closing `]` matches only as the single character
    tokens.push(m[0]);
  }
  return tokens;
}

/** The special tokens, always the vocabulary's first three ids. */
export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>'] as const;

/**
 * A fixed list of SMILES tokens with ids: `<pad>` 0, `<bos>` 1 (what a sequence starts from), `<eos>` 2
 * (where it ends), then the tokens of the training set by falling frequency. A model's manifest stores
 * {@link SmilesVocabulary.tokens}; {@link SmilesVocabulary.fromTokens} rebuilds the same ids from it.
 *
 * @example
 * ```ts
 * const vocab = SmilesVocabulary.build(['CCO', 'c1ccccc1O']);
 * const ids = vocab.encode('CCO'); // Int32Array [1, 3, 3, 4, 2]: <bos> C C O <eos>
 * vocab.decode(ids!); // 'CCO'
 * ```
 */
export class SmilesVocabulary {
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(
    /** Every token, by id. */
    readonly tokens: readonly string[],
  ) {
    this.ids = new Map(tokens.map((t, i) => [t, i]));
  }

  /** The vocabulary of a set of SMILES: every token seen at least `minCount` times, most frequent first (ties by name). */
  static build(smiles: Iterable<string>, options: { readonly minCount?: number } = {}): SmilesVocabulary {
    const minCount = options.minCount ?? 1;
    const counts = new Map<string, number>();
    for (const s of smiles) {
      for (const t of smilesTokens(s) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const kept = [...counts]
      .filter(([, n]) => n >= minCount)
      .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1))
      .map(([t]) => t);
    return new SmilesVocabulary([...SPECIAL_TOKENS, ...kept]);
  }

  /** The vocabulary a model was trained with, from its manifest's token list. Throws on a malformed list. */
  static fromTokens(tokens: readonly string[]): SmilesVocabulary {
    if (SPECIAL_TOKENS.some((t, i) => tokens[i] !== t))
      throw new RangeError(
        `a SMILES vocabulary starts with ${SPECIAL_TOKENS.join(', ')}; this one with ${tokens.slice(0, 3).join(', ')}`,
      );
    if (new Set(tokens).size !== tokens.length)
      throw new RangeError('a SMILES vocabulary lists a token twice');
    return new SmilesVocabulary([...tokens]);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** `<bos>`, the tokens and `<eos>` as ids; `null` when the SMILES holds a token the vocabulary lacks. */
  encode(smiles: string): Int32Array | null {
    const tokens = smilesTokens(smiles);
    if (!tokens) return null;
    const out = new Int32Array(tokens.length + 2);
    out[0] = 1;
    for (let i = 0; i < tokens.length; i++) {
      const id = this.ids.get(tokens[i]!);
      if (id === undefined || id < SPECIAL_TOKENS.length) return null;
      out[i + 1] = id;
    }
    out[tokens.length + 1] = 2;
    return out;
  }

  /** The SMILES of a sequence of ids: `<bos>` and `<pad>` are skipped, and it ends at the first `<eos>`. */
  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id === 2) break;
      if (id > 2 && id < this.tokens.length) s += this.tokens[id];
    }
    return s;
  }
}
