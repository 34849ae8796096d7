/**
 * Folds explicit hydrogen atoms of a SMARTS (`-[#1]`, as the PAINS patterns are written) into H-count
 * queries on the atoms that carry them, as RDKit's `MergeQueryHs` does for Python's FilterCatalog: a
 * heavy atom with n such hydrogens must have at least n hydrogens. Without this, RDKit-js (whose
 * `get_qmol` keeps them as atoms) finds no match on molecules whose hydrogens are implicit.
 */

export type Token =
  | { kind: 'atom'; text: string }
  | { kind: 'bond'; text: string }
  | { kind: 'open' | 'close' | 'dot' }
  | { kind: 'ring'; text: string };

const ORGANIC = /^(Cl|Br|[BCNOSPFI]|[bcnosp]|[aA*])/;
const BOND = /^[-=#:~@/\\!&;,$]+/;

function bracketEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) return i;
  }
  throw new Error(`unbalanced [ in SMARTS "${s}"`);
}

/** The tokens of a SMARTS: atoms (bracket or organic subset), bonds, branches, ring closures, dots. */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '[') {
      const end = bracketEnd(s, i);
      out.push({ kind: 'atom', text: s.slice(i, end + 1) });
      i = end + 1;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '.') {
      out.push({ kind: 'dot' });
      i++;
    } else if (/\d/.test(c) || c === '%') {
      const text = c === '%' ? s.slice(i, i + 3) : c;
      out.push({ kind: 'ring', text });
      i += text.length;
    } else {
      const organic = ORGANIC.exec(s.slice(i));
      const bond = organic ? null : BOND.exec(s.slice(i));
      if (organic) out.push({ kind: 'atom', text: organic[0] });
      else if (bond) out.push({ kind: 'bond', text: bond[0] });
      else throw new Error(`unexpected "${c}" at ${i} in SMARTS "${s}"`);
      i += (organic ?? bond)![0].length;
    }
  }
  return out;
}

/** A bracket atom with the hydrogens of its recursive SMARTS (`$(...)`) merged too, as RDKit's parser does. */
function mergeRecursive(atom: string): string {
  let out = '';
  let i = 0;
  for (let at = atom.indexOf('$(', i); at >= 0; at = atom.indexOf('$(', i)) {
    let depth = 0;
    let end = at + 1;
    for (; end < atom.length; end++) {
      if (atom[end] === '(') depth++;
      else if (atom[end] === ')' && --depth === 0) break;
    }
    out += `${atom.slice(i, at)}$(${mergeQueryHs(atom.slice(at + 2, end))})`;
    i = end + 1;
  }
  return out + atom.slice(i);
}

/** A SMARTS with each removable `[#1]` folded into an "at least n hydrogens" query on its neighbour. */
export function mergeQueryHs(smarts: string): string {
  const tokens = tokenize(smarts);
  const atoms = tokens.flatMap((t, i) => (t.kind === 'atom' ? [i] : []));
  // Neighbours of each atom token (by token index), from a SMILES-style walk.
  const neighbours = new Map<number, number[]>(atoms.map((i) => [i, []]));
  const link = (a: number, b: number) => {
    neighbours.get(a)!.push(b);
    neighbours.get(b)!.push(a);
  };
  const rings = new Map<string, number>();
  const stack: number[] = [];
  let prev = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'atom') {
      if (prev >= 0) link(prev, i);
      prev = i;
    } else if (t.kind === 'open') stack.push(prev);
    else if (t.kind === 'close') prev = stack.pop() ?? -1;
    else if (t.kind === 'dot') prev = -1;
    else if (t.kind === 'ring') {
      const other = rings.get(t.text);
      if (other === undefined) rings.set(t.text, prev);
      else {
        rings.delete(t.text);
        link(other, prev);
      }
    }
  }
  const drop = new Set<number>();
  const hsOn = new Map<number, number>();
  const textOf = (i: number) => (tokens[i] as { text: string }).text;
  for (const h of atoms) {
    const near = neighbours.get(h)!;
    if (textOf(h) !== '[#1]' || near.length !== 1) continue;
    const heavy = near[0]!;
    if (textOf(heavy) === '[#1]') continue; // H2: nothing to fold into
    const after = tokens[h + 1];
    if (heavy < h) {
      // `X-[#1]` or `X(-[#1])`: drop the bond before it, and the branch parentheses around it.
      let from = h;
      if (tokens[from - 1]?.kind === 'bond') from--;
      let to = h;
      if (tokens[from - 1]?.kind === 'open' && after?.kind === 'close') [from, to] = [from - 1, h + 1];
      for (let k = from; k <= to; k++) drop.add(k);
    } else {
      // `[#1]-X...` at the start of a component: drop it and the bond after it.
      if (after?.kind === 'open' || after?.kind === 'ring') continue;
      drop.add(h);
      if (after?.kind === 'bond') drop.add(h + 1);
    }
    hsOn.set(heavy, (hsOn.get(heavy) ?? 0) + 1);
  }
  return tokens
    .map((t, i) => {
      if (drop.has(i)) return '';
      if (!('text' in t)) return t.kind === 'open' ? '(' : t.kind === 'close' ? ')' : '.';
      const text = t.kind === 'atom' && t.text.includes('$(') ? mergeRecursive(t.text) : t.text;
      const n = hsOn.get(i);
      if (!n) return text;
      const inner = text.startsWith('[') ? text.slice(1, -1) : text;
      // ";" binds loosest, so the original query keeps its meaning; !H0;!H1 means "at least two".
      const atLeast = Array.from({ length: n }, (_, k) => `;!H${k}`).join('');
      return `[${inner}${atLeast}]`;
    })
    .join('');
}
