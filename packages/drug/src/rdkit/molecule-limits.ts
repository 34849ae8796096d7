// How big a molecule RDKit is given. RDKit's WebAssembly build recurses once per atom along a molecule
// (parsing, canonical SMILES, depiction, descriptors) on a small fixed stack: past a few hundred atoms
// in a row it traps ("memory access out of bounds") and the instance is lost. Measured with RDKit-js
// 2026.09: a chain of about 590 carbons, 130 cyclopropanes in a row (390 atoms), a 16 x 16 grid of
// four-membered rings (256 atoms, 225 rings), a ladder of 130 fused rings (260 atoms); 50 rings beside
// a chain still held at 580 atoms. Ring systems also cost time: descriptors of 169 fused rings take
// seconds, and a depiction of 999 lone hydrogens ten. The limits sit well below all of these, and above
// every molecule of Tox21 (132 heavy atoms at most) and the NCI set. They are counted from the text,
// before RDKit sees it.

/** Limits on the molecules RDKit is given; each is checked on the text before RDKit parses it. */
export interface MoleculeLimits {
  /** Characters of a SMILES (with its name, if any); a molblock is held by its atoms. @defaultValue `2000` */
  readonly maxSmilesLength?: number;
  /** Heavy atoms: atoms other than hydrogen. @defaultValue `200` */
  readonly maxHeavyAtoms?: number;
  /**
   * Atoms written, hydrogens included (a molblock's explicit hydrogens, `[H]` in a SMILES):
   * room for every hydrogen of the heaviest molecule allowed. @defaultValue `1000`
   */
  readonly maxAtoms?: number;
  /**
   * Independent rings: the ring closures of a SMILES, or bonds − atoms + fragments of a molblock (60
   * carbons of a fullerene make 31). @defaultValue `50`
   */
  readonly maxRings?: number;
}

/** The limits RDKit is given molecules under unless told otherwise. */
export const MOLECULE_LIMITS: Readonly<Required<MoleculeLimits>> = {
  maxSmilesLength: 2000,
  maxHeavyAtoms: 200,
  maxAtoms: 1000,
  maxRings: 50,
};

/** What a molecule's text says of its size, counted without RDKit. */
export interface MoleculeSize {
  /**
   * How it was read: a SMILES, a V2000 or V3000 molblock, RDKit's (or CommonChem's) JSON, or none of
   * these (RDKit counts it once parsed).
   */
  readonly format: 'smiles' | 'molblock' | 'json' | 'other';
  readonly length: number;
  readonly heavyAtoms?: number;
  /** Atoms written, hydrogens included. */
  readonly atoms?: number;
  readonly rings?: number;
}

/** The size of a SMILES or molblock, from its text alone (linear in its length). */
export function moleculeSize(input: string): MoleculeSize {
  if (input.includes('\n')) return molblockSize(input);
  if (input.trimStart().startsWith('{')) return jsonSize(input);
  return smilesSize(input);
}

/**
 * The first limit a molecule's text is over, as a sentence naming the limit, or undefined when it is
 * within them.
 *
 * @example
 * ```ts
 * moleculeSizeProblem('C'.repeat(600));
 * // 'the molecule has 600 heavy atoms; at most 200 are accepted (maxHeavyAtoms)'
 * ```
 */
export function moleculeSizeProblem(input: string, limits: MoleculeLimits = {}): string | undefined {
  return sizeProblem(moleculeSize(input), { ...MOLECULE_LIMITS, ...limits })?.message;
}

/** A limit a molecule is over: its name, the molecule's value, and the sentence that says so. */
export interface SizeProblem {
  readonly limit: keyof MoleculeLimits;
  readonly value: number;
  readonly message: string;
}

/** The first limit a counted size is over, or undefined. */
export function sizeProblem(size: MoleculeSize, max: Required<MoleculeLimits>): SizeProblem | undefined {
  if (size.format === 'smiles' && size.length > max.maxSmilesLength)
    return over('the SMILES has', size.length, 'characters', max, 'maxSmilesLength');
  if (size.heavyAtoms !== undefined && size.heavyAtoms > max.maxHeavyAtoms)
    return over('the molecule has', size.heavyAtoms, 'heavy atoms', max, 'maxHeavyAtoms');
  if (size.atoms !== undefined && size.atoms > max.maxAtoms)
    return over('the molecule has', size.atoms, 'atoms (hydrogens included)', max, 'maxAtoms');
  if (size.rings !== undefined && size.rings > max.maxRings)
    return over('the molecule has', size.rings, 'rings', max, 'maxRings');
  return undefined;
}

/** A limit a molecule is over, worded as `the molecule has 600 heavy atoms; at most 200 ...`. */
export function over(
  what: string,
  value: number,
  unit: string,
  max: Required<MoleculeLimits>,
  limit: keyof MoleculeLimits,
): SizeProblem {
  return { limit, value, message: `${what} ${value} ${unit}; at most ${max[limit]} are accepted (${limit})` };
}

const AROMATIC = new Set(['b', 'c', 'n', 'o', 'p', 's']);

/**
 * Atoms and ring closures of a SMILES, as its lexer sees them: each atom outside brackets (the organic
 * subset, `*`, and anything else RDKit will refuse anyway), each bracket atom (heavy unless its element
 * is H), and each ring-closure label (`1`, `%12`, `%(123)`), two of which make a ring.
 */
function smilesSize(input: string): MoleculeSize {
  // A name or CXSMILES extension follows the first space.
  const end = input.search(/\s/);
  const s = end < 0 ? input : input.slice(0, end);
  let heavyAtoms = 0;
  let hydrogens = 0;
  let labels = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '[') {
      const close = s.indexOf(']', i + 1);
      const inside = s.slice(i + 1, close < 0 ? s.length : close);
      if (/^\d*H(?![a-z])/.test(inside)) hydrogens++;
      else heavyAtoms++;
      i = close < 0 ? s.length : close;
    } else if (c === '%') {
      if (s[i + 1] === '(') {
        const close = s.indexOf(')', i + 2);
        i = close < 0 ? s.length : close;
      } else i += 2;
      labels++;
    } else if (c >= '0' && c <= '9') labels++;
    else if ((c >= 'A' && c <= 'Z' && c !== 'H') || c === '*' || AROMATIC.has(c)) {
      heavyAtoms++;
      // Cl and Br are one atom; the l and r are not atoms of their own.
      if ((c === 'C' && s[i + 1] === 'l') || (c === 'B' && s[i + 1] === 'r')) i++;
    }
  }
  const rings = Math.ceil(labels / 2);
  return { format: 'smiles', length: input.length, heavyAtoms, atoms: heavyAtoms + hydrogens, rings };
}

/** Atoms and rings of a V2000 or V3000 molblock, from its atom and bond blocks. */
function molblockSize(input: string): MoleculeSize {
  const lines = input.split(/\r?\n/);
  const counts = lines[3] ?? '';
  const graph = counts.includes('V3000') ? v3000Graph(lines) : v2000Graph(lines, counts);
  if (!graph) return { format: 'other', length: input.length };
  return {
    format: 'molblock',
    length: input.length,
    // D and T are hydrogen too, in a molfile.
    heavyAtoms: graph.elements.filter((e) => !['H', 'D', 'T'].includes(e)).length,
    atoms: graph.elements.length,
    rings: cyclomatic(graph.elements.length, graph.bonds),
  };
}

/** Atoms and rings of RDKit's JSON, over all the molecules it holds. */
function jsonSize(input: string): MoleculeSize {
  let json: JsonMolecules;
  try {
    json = JSON.parse(input) as JsonMolecules;
  } catch {
    return { format: 'other', length: input.length };
  }
  const molecules = list(json?.molecules);
  if (!molecules.length) return { format: 'other', length: input.length };
  const defaultZ = json.defaults?.atom?.z ?? 6;
  let heavyAtoms = 0;
  let all = 0;
  let rings = 0;
  for (const m of molecules) {
    const atoms = list(m?.atoms);
    heavyAtoms += atoms.filter((a) => (a?.z ?? defaultZ) !== 1).length;
    all += atoms.length;
    const ends = list(m?.bonds).map((b) => list(b?.atoms));
    rings += cyclomatic(
      atoms.length,
      ends.map((e) => [Number(e[0]), Number(e[1])]),
    );
  }
  return { format: 'json', length: input.length, heavyAtoms, atoms: all, rings };
}

/** An array of untrusted JSON, or none. */
const list = <T>(x: readonly T[] | undefined): readonly T[] => (Array.isArray(x) ? (x as readonly T[]) : []);

/** What {@link jsonSize} reads of RDKit's JSON (untrusted: every level may be missing). */
interface JsonMolecules {
  readonly defaults?: { readonly atom?: { readonly z?: number } };
  readonly molecules?: readonly {
    readonly atoms?: readonly { readonly z?: number }[];
    readonly bonds?: readonly { readonly atoms?: readonly unknown[] }[];
  }[];
}

interface Graph {
  readonly elements: string[];
  readonly bonds: [number, number][];
}

function v2000Graph(lines: readonly string[], counts: string): Graph | undefined {
  const atoms = Number.parseInt(counts.slice(0, 3), 10);
  const bonds = Number.parseInt(counts.slice(3, 6), 10);
  if (!(atoms >= 0 && bonds >= 0)) return undefined;
  const elements = lines.slice(4, 4 + atoms).map((l) => l.slice(31, 34).trim());
  const pairs = lines
    .slice(4 + atoms, 4 + atoms + bonds)
    .map((l) => [Number.parseInt(l.slice(0, 3), 10) - 1, Number.parseInt(l.slice(3, 6), 10) - 1]);
  return { elements, bonds: pairs as [number, number][] };
}

function v3000Graph(lines: readonly string[]): Graph {
  const elements: string[] = [];
  const index = new Map<string, number>();
  const bonds: [number, number][] = [];
  let block = '';
  let carried = '';
  for (const raw of lines) {
    if (!raw.startsWith('M  V30 ')) continue;
    const text = carried + raw.slice(7);
    // A line ending in '-' goes on in the next one.
    if (text.endsWith('-')) {
      carried = text.slice(0, -1);
      continue;
    }
    carried = '';
    const words = text.trim().split(/\s+/);
    if (words[0] === 'BEGIN' || words[0] === 'END') block = words[0] === 'BEGIN' ? words[1]! : '';
    else if (block === 'ATOM') {
      index.set(words[0]!, elements.length);
      elements.push(words[1] ?? '');
    } else if (block === 'BOND') bonds.push([index.get(words[2]!) ?? -1, index.get(words[3]!) ?? -1]);
  }
  return { elements, bonds };
}

/** bonds − atoms + connected components: the number of independent rings. */
function cyclomatic(atoms: number, bonds: readonly [number, number][]): number {
  const parent = Array.from({ length: atoms }, (_, i) => i);
  const root = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  let components = atoms;
  let counted = 0;
  for (const [a, b] of bonds) {
    // A bond naming an atom that is not there is RDKit's to refuse.
    if (!(a >= 0 && a < atoms && b >= 0 && b < atoms)) continue;
    counted++;
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  return counted - atoms + components;
}
