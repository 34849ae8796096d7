import { molGraph, type MolGraph } from '../rdkit/mol-graph.js';
import { substructMatches, type RDKit, type RDKitMol } from '../rdkit/rdkit.js';
import { SALTS } from './salts-table.js';

/** Options of {@link Standardiser}. */
export interface StandardiseOptions {
  /** Remove fragments that are wholly a salt or solvent of RDKit's list. @defaultValue `true` */
  readonly stripSalts?: boolean;
  /** Keep only the largest fragment, organic (carbon-bearing) ones first. @defaultValue `true` */
  readonly largestFragment?: boolean;
  /** Neutralise charged groups by adding or removing hydrogens, as RDKit's Uncharger. @defaultValue `true` */
  readonly neutralise?: boolean;
}

/** A standardised molecule: its parent, as canonical SMILES and InChIKey, and what was done. */
export interface Standardised {
  readonly smiles: string;
  readonly inchiKey: string;
  /** What changed, e.g. `stripped 2 salt fragments`, `neutralised 1 atom`; empty when nothing did. */
  readonly changes: readonly string[];
}

/**
 * Standardises molecules for screening and de-duplication: strips salts and solvents (RDKit's
 * Salts.txt), keeps the largest organic fragment, neutralises acids and bases where that keeps the
 * molecule balanced (quaternary cations keep their counter-charges), and gives the parent's canonical
 * SMILES and InChIKey. Holds compiled queries: `dispose()` it.
 *
 * @example
 * ```ts
 * const std = new Standardiser(rdkit);
 * rdkit.withMol('C[NH+](C)CCC(=O)[O-].[Na+].[Cl-]', (mol) => std.standardise(mol));
 * // { smiles: 'CN(C)CCC(=O)O', inchiKey: '...', changes: ['stripped 2 salt fragments', 'neutralised 2 atoms'] }
 * ```
 */
export class Standardiser {
  private readonly salts: RDKitMol[] = [];
  private readonly options: Required<StandardiseOptions>;

  constructor(
    private readonly rdkit: RDKit,
    options: StandardiseOptions = {},
  ) {
    this.options = { stripSalts: true, largestFragment: true, neutralise: true, ...options };
    try {
      if (this.options.stripSalts) for (const s of SALTS) this.salts.push(rdkit.compileQuery(s));
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** The standardised parent of a molecule. */
  standardise(mol: RDKitMol): Standardised {
    return this.withParent(mol, (_parent, result) => result);
  }

  /**
   * Passes the standardised parent (as an RDKit molecule, valid only inside `fn`) and its description
   * to `fn`. A single uncharged fragment, the common case, is its own parent: nothing is rebuilt.
   */
  withParent<T>(mol: RDKitMol, fn: (parent: RDKitMol, result: Standardised) => T): T {
    const smiles = mol.get_smiles();
    // No fragments to strip or choose and no charge to neutralise: the molecule is its own parent.
    if (!smiles.includes('.') && !CHARGED.test(smiles)) {
      return fn(mol, { smiles, inchiKey: this.rdkit.inchiKey(mol.get_inchi()), changes: [] });
    }
    const changes: string[] = [];
    let frags = this.fragments(mol);
    if (this.options.stripSalts && frags.length > 1) {
      const kept = frags.filter((f) => !this.isSalt(f.mol));
      // A molecule that is all salt (sodium chloride) stays what it is.
      if (kept.length && kept.length < frags.length) {
        changes.push(plural(frags.length - kept.length, 'stripped', 'salt fragment'));
        for (const f of frags) if (!kept.includes(f)) f.mol.delete();
        frags = kept;
      }
    }
    if (this.options.largestFragment && frags.length > 1) {
      const best = frags.reduce((a, b) => (before(b, a) ? b : a));
      changes.push(`kept the largest of ${frags.length} fragments`);
      for (const f of frags) if (f !== best) f.mol.delete();
      frags = [best];
    }
    const json = joinFragments(frags.map((f) => f.json));
    for (const f of frags) f.mol.delete();
    const use = (m: MolGraph, done: string[]) =>
      this.rdkit.withMol(JSON.stringify(m), (parent) =>
        fn(parent, {
          smiles: parent.get_smiles(),
          inchiKey: this.rdkit.inchiKey(parent.get_inchi()),
          changes: done,
        }),
      );
    if (this.options.neutralise) {
      const neutral = JSON.parse(JSON.stringify(json)) as MolGraph;
      const n = neutralise(neutral);
      // A neutral form RDKit rejects (an unusual valence) is not used: the charged parent stands.
      const result = n ? use(neutral, [...changes, plural(n, 'neutralised', 'atom')]) : null;
      if (result !== null) return result;
    }
    const result = use(json, changes);
    if (result === null) throw new Error('the standardised molecule did not parse back'); // a bug, not bad input
    return result;
  }

  /** Releases the compiled queries. */
  dispose(): void {
    for (const q of this.salts.splice(0)) q.delete();
  }

  private fragments(mol: RDKitMol): { mol: RDKitMol; json: MolGraph; smiles: string }[] {
    const { molList } = mol.get_frags() as {
      molList: { size(): number; at(i: number): RDKitMol | null; delete(): void };
    };
    try {
      return Array.from({ length: molList.size() }, (_, i) => {
        const frag = molList.at(i)!;
        return { mol: frag, json: molGraph(frag), smiles: frag.get_smiles() };
      });
    } finally {
      molList.delete();
    }
  }

  private isSalt(frag: RDKitMol): boolean {
    const atoms = frag.get_num_atoms();
    return this.salts.some((q) => substructMatches(frag, q).some((m) => m.length === atoms));
  }
}

/** A charge in a SMILES: a + or - inside a bracket atom. */
const CHARGED = /\[[^\]]*[+-]/;

const plural = (n: number, verb: string, noun: string) => `${verb} ${n} ${noun}${n === 1 ? '' : 's'}`;

/** Whether fragment a ranks before b: carbon-bearing first, then more atoms counting hydrogens, then SMILES. */
function before(a: { json: MolGraph; smiles: string }, b: { json: MolGraph; smiles: string }): boolean {
  const key = (f: { json: MolGraph }) => {
    const { atoms } = f.json.molecules[0]!;
    const d = f.json.defaults.atom;
    const organic = atoms.some((x) => (x.z ?? d.z) === 6) ? 1 : 0;
    return [organic, atoms.reduce((n, x) => n + 1 + (x.impHs ?? d.impHs), 0)] as const;
  };
  const [ka, kb] = [key(a), key(b)];
  return ka[0] !== kb[0] ? ka[0] > kb[0] : ka[1] !== kb[1] ? ka[1] > kb[1] : a.smiles < b.smiles;
}

function joinFragments(parts: MolGraph[]): MolGraph {
  const [first, ...rest] = parts;
  const out: MolGraph = JSON.parse(JSON.stringify(first)) as MolGraph;
  const mol = out.molecules[0]!;
  for (const p of rest) {
    const offset = mol.atoms.length;
    const m = p.molecules[0]!;
    mol.atoms.push(...m.atoms);
    mol.bonds = [
      ...(mol.bonds ?? []),
      ...(m.bonds ?? []).map((b) => ({
        ...b,
        atoms: [b.atoms[0] + offset, b.atoms[1] + offset] as [number, number],
      })),
    ];
  }
  return out;
}

/**
 * Neutralises charges in place, as RDKit's Uncharger: cations with hydrogens lose one, anions not
 * bonded to a cation (so not a nitro group or an N-oxide) gain one, except as many anions as there are
 * cations left that cannot lose a hydrogen (quaternary ammonium keeps its carboxylate). Returns the
 * number of atoms changed.
 */
function neutralise(json: MolGraph): number {
  const mol = json.molecules[0]!;
  const d = json.defaults.atom;
  const chg = (i: number) => mol.atoms[i]!.chg ?? d.chg;
  const hs = (i: number) => mol.atoms[i]!.impHs ?? d.impHs;
  const near = mol.atoms.map((): number[] => []);
  for (const b of mol.bonds ?? []) {
    near[b.atoms[0]]!.push(b.atoms[1]);
    near[b.atoms[1]]!.push(b.atoms[0]);
  }
  const separated = (i: number) => near[i]!.some((j) => Math.sign(chg(j)) === -Math.sign(chg(i)));
  // Only the common acids and bases: singly charged N, O, S and P, as RDKit's Uncharger finds them.
  const acidBase = (i: number) => [7, 8, 15, 16].includes(mol.atoms[i]!.z ?? d.z) && Math.abs(chg(i)) === 1;
  let changed = 0;
  let stuck = 0;
  mol.atoms.forEach((a, i) => {
    if (chg(i) <= 0 || separated(i)) return;
    if (hs(i) > 0 && acidBase(i)) {
      a.impHs = hs(i) - 1;
      a.chg = chg(i) - 1;
      changed++;
    }
    stuck += chg(i);
  });
  mol.atoms.forEach((a, i) => {
    if (chg(i) >= 0 || separated(i)) return;
    if (stuck > 0 || !acidBase(i)) {
      stuck += chg(i);
      return;
    }
    a.impHs = hs(i) + 1;
    a.chg = chg(i) + 1;
    changed++;
  });
  return changed;
}
