// A SMILES grammar for constrained sampling: which tokens may follow a prefix so that the string stays
// a SMILES RDKit can read: rings closed, branches balanced, no atom past its largest valence, aromatic
// atoms kekulisable. A language model trained on 10,000 molecules forgets rings and miscounts valences;
// under this grammar it may only write what a molecule can be (the commonest ways a sample is not one).
import type { SequenceConstraint } from '@strata/core';
import { kekulisable, needsDouble, type Next, type SmilesGrammarState } from './smiles-kekule.js';
import { AROMATIC_NEIGHBOURS, classify, type TokenKind } from './smiles-token-kinds.js';

export type { SmilesGrammarState } from './smiles-kekule.js';

/**
 * The SMILES grammar over a vocabulary of SMILES tokens ({@link SmilesVocabulary}), as a core
 * {@link SequenceConstraint}: given the tokens written so far, the tokens that may come next. It allows
 * every string RDKit writes (each prefix of a canonical SMILES is allowed at every step) and forbids:
 * the end while a ring or branch is open or an aromatic atom cannot be kekulised; a ring closure that
 * bonds an atom to itself or to a neighbour; any bond past an atom's largest valence (RDKit's, by
 * element and charge); branches and bonds where SMILES has none. It does not know stereochemistry.
 *
 * @example
 * ```ts
 * const grammar = new SmilesGrammar(vocabulary.tokens, 2);
 * const samples = await sampleSequences(session, spec, { count: 100, seed: 1, constraint: grammar });
 * ```
 */
export class SmilesGrammar implements SequenceConstraint<SmilesGrammarState> {
  private readonly kinds: readonly TokenKind[];

  /** `tokens` by id, and the id of the end token. */
  constructor(tokens: readonly string[], eos: number) {
    this.kinds = tokens.map((t, id) => classify(t, id === eos));
  }

  start(): SmilesGrammarState {
    return {
      atoms: [],
      bonds: [],
      current: -1,
      last: 'start',
      beforeBond: 'start',
      pending: null,
      branches: [],
      rings: new Map(),
    };
  }

  allow(state: SmilesGrammarState, allowed: Uint8Array): void {
    const kekule = this.kekuleCheck(state);
    this.kinds.forEach((kind, id) => {
      if (this.allows(state, kind) && this.keepsKekule(state, kind, kekule) && this.leads(state, kind))
        allowed[id] = 1;
    });
  }

  /**
   * Whether something could follow a bond (an atom or a ring closure) or a branch (an atom, or a bond
   * that leads somewhere): tokens after which a sample could only stop unfinished are refused.
   */
  private leads(s: SmilesGrammarState, kind: TokenKind): boolean {
    let after: SmilesGrammarState;
    let next: readonly TokenKind['kind'][];
    if (kind.kind === 'bond') {
      after = { ...s, pending: kind.order, last: 'bond', beforeBond: s.last };
      next = ['atom', 'ring'];
    } else if (kind.kind === 'open') {
      after = { ...s, last: 'open', branches: [...s.branches, s.current] };
      next = ['atom', 'bond'];
    } else return true;
    const check = this.kekuleCheck(after);
    const seen = new Set<string>();
    return this.kinds.some((k) => {
      if (!next.includes(k.kind)) return false;
      // Tokens alike to the grammar (every bond of one order, every atom of one valence) are tried once.
      const key =
        k.kind === 'bond' ? `bond ${k.order}` : k.kind === 'atom' ? `atom ${k.symbol} ${k.valence}` : '';
      if (key && seen.has(key)) return false;
      seen.add(key);
      return this.allows(after, k) && this.keepsKekule(after, k, check) && this.leads(after, k);
    });
  }

  /** {@link kekulisable} for the tokens after `state`, once for tokens alike (every non-aromatic atom, say). */
  private kekuleCheck(state: SmilesGrammarState): (key: string, next: Next) => boolean {
    const checked = new Map<string, boolean>();
    return (key, next) => {
      let ok = checked.get(key);
      if (ok === undefined) checked.set(key, (ok = kekulisable(state, next)));
      return ok;
    };
  }

  /** Whether the aromatic atoms can still be kekulised after a token {@link allows} allows. */
  private keepsKekule(
    s: SmilesGrammarState,
    kind: TokenKind,
    kekule: (key: string, next: Next) => boolean,
  ): boolean {
    const a = s.current;
    const aromatic = a >= 0 && s.atoms[a]!.token.aromatic;
    switch (kind.kind) {
      case 'atom': {
        if (a < 0) return true;
        const bonded = aromatic && kind.aromatic && s.pending === null;
        const doubled = s.pending === 2 && aromatic ? [a] : [];
        const added = bonded && needsDouble({ token: kind, used: 0, neighbours: [a], double: false }, false);
        const b = s.atoms.length;
        return kekule(`atom ${bonded} ${added} ${doubled.length}`, {
          current: b,
          bond: [a, b],
          aromaticBond: bonded,
          added,
          doubled,
        });
      }
      case 'bond':
        return !(aromatic && kind.order === 2) || kekule('double', { current: a, doubled: [a] });
      case 'ring': {
        const open = s.rings.get(kind.label);
        if (!open) return true;
        const order = s.pending ?? open.written;
        const both = aromatic && s.atoms[open.atom]!.token.aromatic;
        return kekule(`ring ${kind.label}`, {
          current: a,
          closing: kind.label,
          bond: [open.atom, a],
          aromaticBond: both && order === null,
          doubled: order === 2 ? [open.atom, a] : [],
        });
      }
      case 'close':
        return kekule('close', { current: s.branches[s.branches.length - 1]!, popBranch: true });
      case 'end':
      case 'dot':
        return kekule('end', { current: -1 });
      default:
        return true;
    }
  }

  next(state: SmilesGrammarState, token: number): SmilesGrammarState {
    const kind = this.kinds[token]!;
    const s = state;
    switch (kind.kind) {
      case 'atom': {
        const index = s.atoms.length;
        s.atoms.push({ token: kind, used: 0, neighbours: [], double: false });
        if (s.current >= 0) this.bond(s, s.current, index, s.pending);
        s.current = index;
        s.pending = null;
        break;
      }
      case 'bond':
        s.pending = kind.order;
        s.beforeBond = s.last;
        break;
      case 'ring': {
        const open = s.rings.get(kind.label);
        if (open) {
          s.atoms[open.atom]!.used -= open.reserved;
          this.bond(s, open.atom, s.current, s.pending ?? open.written);
          s.rings.delete(kind.label);
        } else {
          const reserved = s.pending ?? 1;
          s.atoms[s.current]!.used += reserved;
          s.rings.set(kind.label, { atom: s.current, reserved, written: s.pending });
        }
        s.pending = null;
        break;
      }
      case 'open':
        s.branches.push(s.current);
        break;
      case 'close':
        s.current = s.branches.pop()!;
        break;
      case 'dot':
        s.current = -1;
        break;
      default:
        break;
    }
    s.last = kind.kind;
    return s;
  }

  /** Bonds atoms `a` and `b` with the order written (null: single, or aromatic between aromatic atoms). */
  private bond(s: SmilesGrammarState, a: number, b: number, written: number | null): void {
    const x = s.atoms[a]!;
    const y = s.atoms[b]!;
    const aromatic = written === null ? x.token.aromatic && y.token.aromatic : false;
    const order = written ?? 1;
    for (const atom of [x, y]) {
      atom.used += order;
      if (order === 2 && !aromatic) atom.double = true;
    }
    x.neighbours.push(b);
    y.neighbours.push(a);
    if (aromatic) s.bonds.push([a, b]);
  }

  private openRingsAt(s: SmilesGrammarState, index: number): number {
    let n = 0;
    for (const r of s.rings.values()) if (r.atom === index) n++;
    return n;
  }

  /**
   * Bond orders the atom `index` may still take (0 for an aromatic atom with three neighbours); with
   * `order`, once a ring bond of that order (opened or closed) joins it.
   */
  private free(s: SmilesGrammarState, index: number, order = 0): number {
    const atom = s.atoms[index]!;
    const joining = order > 0 ? 1 : 0;
    if (
      atom.token.aromatic &&
      atom.neighbours.length + this.openRingsAt(s, index) + joining >= AROMATIC_NEIGHBOURS
    )
      return 0;
    return atom.token.valence - atom.used - order;
  }

  /**
   * Whether rings left open (`rings` of them) can still close when the atom written next attaches where
   * the current atom has `free` valence left, or to an atom of the open branches but the `dropped` last:
   * a token after which no ring can ever close is refused, so that a sample never writes itself into a
   * dead end.
   */
  private closable(s: SmilesGrammarState, rings: number, free: number, dropped = 0): boolean {
    if (rings === 0 || free >= 1) return true;
    for (let i = 0; i < s.branches.length - dropped; i++) if (this.free(s, s.branches[i]!) >= 1) return true;
    return false;
  }

  private allows(s: SmilesGrammarState, kind: TokenKind): boolean {
    const afterAtom = s.last === 'atom' || s.last === 'ring';
    const rings = s.rings.size;
    switch (kind.kind) {
      case 'atom': {
        if (s.current < 0) return s.pending === null;
        const order = s.pending ?? 1;
        return (
          order <= kind.valence &&
          this.free(s, s.current) >= order &&
          this.closable(s, rings, kind.valence - order)
        );
      }
      case 'bond':
        return (
          s.current >= 0 &&
          s.pending === null &&
          (afterAtom || s.last === 'open' || s.last === 'close') &&
          this.free(s, s.current) >= kind.order
        );
      case 'ring': {
        if (!(afterAtom || (s.last === 'bond' && (s.beforeBond === 'atom' || s.beforeBond === 'ring'))))
          return false;
        const open = s.rings.get(kind.label);
        if (!open) {
          const order = s.pending ?? 1;
          return (
            this.free(s, s.current) >= order && this.closable(s, rings + 1, this.free(s, s.current, order))
          );
        }
        if (open.atom === s.current || s.atoms[s.current]!.neighbours.includes(open.atom)) return false;
        if (s.pending !== null && open.written !== null && s.pending !== open.written) return false;
        const order = s.pending ?? open.written ?? 1;
        const opener = s.atoms[open.atom]!;
        return (
          opener.used - open.reserved + order <= opener.token.valence &&
          this.free(s, s.current) >= order &&
          this.closable(s, rings - 1, this.free(s, s.current, order))
        );
      }
      case 'open':
        return (afterAtom || s.last === 'close') && s.current >= 0 && this.free(s, s.current) >= 1;
      case 'close':
        return (
          afterAtom &&
          s.branches.length > 0 &&
          this.closable(s, rings, this.free(s, s.branches[s.branches.length - 1]!), 1)
        );
      case 'dot':
        return (
          (afterAtom || s.last === 'close') && s.branches.length === 0 && s.pending === null && rings === 0
        );
      case 'end':
        return (
          (afterAtom || s.last === 'close') && s.pending === null && s.branches.length === 0 && rings === 0
        );
      default:
        return false;
    }
  }
}
