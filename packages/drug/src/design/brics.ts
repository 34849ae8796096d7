// A molecule cut into its BRICS fragments, as RDKit's FragmentOnBRICSBonds cuts it (and MOSES's Frag
// metric counts them): every bond that joins two BRICS environments by a rule is broken, each of its
// atoms keeps a dummy atom in the place of the other, labelled with its own environment, and the
// fragments are the parts of RDKit's canonical SMILES of the result. RDKit's WebAssembly build has no
// BRICS: the environments are matched with SMARTS, the bonds cut on the molecule's JSON graph, and RDKit
// reads the cut graph back.
import { DrugError } from '../errors.js';
import { substructMatches, type RDKit, type RDKitMol } from '../rdkit/rdkit.js';
import { BRICS_BONDS, BRICS_ENVIRONMENTS } from './brics-rules.js';
import {
  graphSmiles,
  readMolJson,
  ringBonds,
  type JsonAtom,
  type JsonBond,
  type MolJson,
} from './mol-json.js';

/** A bond to cut: its index, its atoms, and the label of the dummy atom each of them keeps. */
interface Cut {
  readonly bond: number;
  readonly atoms: readonly [number, number];
  readonly labels: readonly [number, number];
}

/** An environment's query and the element (atomic number, aromatic or not) its root atom must be. */
interface Environment {
  readonly query: RDKitMol;
  readonly z: number;
  readonly aromatic: boolean;
}

const SYMBOLS: Readonly<Record<string, number>> = { c: 6, n: 7, o: 8, s: 16 };
const ELEMENTS: Readonly<Record<string, number>> = { C: 6, N: 7, O: 8, S: 16 };

/**
 * Cuts molecules into their BRICS fragments (Degen et al. 2008, with RDKit's definitions, see
 * {@link BRICS_BONDS}): each fragment's canonical SMILES, with dummy atoms `[n*]` where bonds were cut
 * (n the BRICS environment of the atom the dummy is attached to), as Python's
 * `Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split('.')` gives them. Compiles its queries
 * once; holds RDKit memory: `dispose()` it.
 *
 * @example
 * ```ts
 * const brics = new BricsFragmenter(rdkit);
 * rdkit.withMol('CCOC(=O)c1ccccc1', (mol) => brics.fragments(mol));
 * // Map { '[16*]c1ccccc1' => 1, '[3*]O[3*]' => 1, '[4*]CC' => 1, '[1*]C([6*])=O' => 1 } (order aside)
 * brics.dispose();
 * ```
 */
export class BricsFragmenter {
  private readonly environments = new Map<number, Environment>();
  /** Two-atom queries of the rules, compiled when a bond's orientation needs RDKit's own answer. */
  private readonly ruleQueries = new Map<number, RDKitMol>();

  constructor(private readonly rdkit: RDKit) {
    try {
      for (const [label, smarts] of Object.entries(BRICS_ENVIRONMENTS)) {
        const root = /^\[([A-Za-z])/.exec(smarts)![1]!;
        this.environments.set(Number(label), {
          query: rdkit.compileQuery(`[$(${smarts})]`),
          z: SYMBOLS[root] ?? ELEMENTS[root]!,
          aromatic: root in SYMBOLS,
        });
      }
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** The molecule's BRICS fragments (canonical SMILES) and how many times each occurs. */
  fragments(mol: RDKitMol): Map<string, number> {
    const graph = readMolJson(mol);
    const cuts = this.cuts(mol, graph);
    const smiles = cuts.length ? this.readCut(graph, cuts, mol) : mol.get_smiles();
    const out = new Map<string, number>();
    for (const fragment of smiles.split('.')) if (fragment) out.set(fragment, (out.get(fragment) ?? 0) + 1);
    return out;
  }

  /** Releases the compiled queries. */
  dispose(): void {
    for (const e of this.environments.values()) e.query.delete();
    for (const q of this.ruleQueries.values()) q.delete();
    this.environments.clear();
    this.ruleQueries.clear();
  }

  /** The BRICS bonds of a molecule, each cut by the last rule that matches it. */
  private cuts(mol: RDKitMol, graph: MolJson): Cut[] {
    const inRing = ringBonds(graph);
    const candidates = graph.bonds.flatMap((b, i) =>
      (b.bo === 1 || b.bo === 2) && !inRing.has(i) && !graph.aromaticBonds.has(i) ? [i] : [],
    );
    if (!candidates.length) return [];
    const members = this.environmentAtoms(mol, graph, candidates);
    const has = (label: number, atom: number) => members.get(label)?.has(atom) ?? false;
    const cuts: Cut[] = [];
    for (const bond of candidates) {
      const { atoms, bo } = graph.bonds[bond]!;
      const [a, b] = atoms;
      for (let r = BRICS_BONDS.length - 1; r >= 0; r--) {
        const [t1, t2, order] = BRICS_BONDS[r]!;
        if (bo !== (order === '-' ? 1 : 2)) continue;
        const forward = has(t1, a) && has(t2, b);
        const reverse = has(t1, b) && has(t2, a);
        if (!forward && !reverse) continue;
        const aFirst = forward && reverse && t1 !== t2 ? this.firstInMatch(mol, r, a, b) : forward;
        cuts.push({ bond, atoms: [a, b], labels: aFirst ? [t1, t2] : [t2, t1] });
        break;
      }
    }
    return cuts;
  }

  /**
   * The atoms in each environment that some candidate bond could need: an environment is matched only
   * where a rule pairs it with another one whose root elements are those of a candidate bond's atoms.
   */
  private environmentAtoms(mol: RDKitMol, graph: MolJson, candidates: number[]): Map<number, Set<number>> {
    const root = (a: number) => `${graph.atoms[a]!.z}:${graph.aromaticAtoms.has(a)}`;
    const envRoot = (label: number) => {
      const env = this.environments.get(label)!;
      return `${env.z}:${env.aromatic}`;
    };
    const needed = new Set<number>();
    for (const i of candidates) {
      const { atoms, bo } = graph.bonds[i]!;
      const [ra, rb] = [root(atoms[0]), root(atoms[1])];
      for (const [t1, t2, order] of BRICS_BONDS) {
        if (bo !== (order === '-' ? 1 : 2)) continue;
        const [r1, r2] = [envRoot(t1), envRoot(t2)];
        if ((r1 === ra && r2 === rb) || (r1 === rb && r2 === ra)) needed.add(t1).add(t2);
      }
    }
    const out = new Map<number, Set<number>>();
    for (const label of needed)
      out.set(label, new Set(substructMatches(mol, this.environments.get(label)!.query).map((m) => m[0]!)));
    return out;
  }

  /**
   * Whether `a` is the rule's first atom where both orientations of a bond match a rule of two different
   * environments (two ring carbons in both 13 and 15): RDKit labels it by the first match its substructure
   * search finds, so the rule's own query decides.
   */
  private firstInMatch(mol: RDKitMol, rule: number, a: number, b: number): boolean {
    let query = this.ruleQueries.get(rule);
    if (!query) {
      const [t1, t2, order] = BRICS_BONDS[rule]!;
      const smarts = `[$(${BRICS_ENVIRONMENTS[t1]})]${order};!@[$(${BRICS_ENVIRONMENTS[t2]})]`;
      this.ruleQueries.set(rule, (query = this.rdkit.compileQuery(smarts)));
    }
    const match = substructMatches(mol, query).find(
      (m) => (m[0] === a && m[1] === b) || (m[0] === b && m[1] === a),
    );
    return match?.[0] === a;
  }

  /** RDKit's canonical SMILES of the molecule with its BRICS bonds cut. */
  private readCut(graph: MolJson, cuts: readonly Cut[], mol: RDKitMol): string {
    const { atoms, bonds } = cutGraph(graph, cuts);
    const smiles = graphSmiles(this.rdkit, graph.frame, atoms, bonds);
    if (smiles === null)
      throw new DrugError('RDKIT_FAILED', `RDKit cannot read the BRICS fragments of ${mol.get_smiles()}`, {
        context: { input: mol.get_smiles() },
      });
    return smiles;
  }
}

/**
 * The graph with each cut bond replaced by two bonds of the same order to new dummy atoms, listed where
 * the cut bond was, so that every atom keeps its bonds in their order (and its stereo); a double bond
 * whose stereo referred to a cut-off neighbour refers to the dummy in its place.
 */
function cutGraph(graph: MolJson, cuts: readonly Cut[]): { atoms: JsonAtom[]; bonds: JsonBond[] } {
  const atoms: JsonAtom[] = [...graph.atoms];
  const byBond = new Map(cuts.map((c) => [c.bond, c]));
  /** The dummy that stands for neighbour `n` of atom `a`, by `a:n`. */
  const dummies = new Map<string, number>();
  for (const { atoms: ends, labels } of cuts) {
    const [a, b] = ends;
    dummies.set(`${a}:${b}`, atoms.push({ z: 0, isotope: labels[0], impHs: 0, chg: 0, nRad: 0 }) - 1);
    dummies.set(`${b}:${a}`, atoms.push({ z: 0, isotope: labels[1], impHs: 0, chg: 0, nRad: 0 }) - 1);
  }
  const bonds: JsonBond[] = [];
  graph.bonds.forEach((bond, i) => {
    const cut = byBond.get(i);
    if (cut) {
      const [a, b] = cut.atoms;
      bonds.push({ atoms: [a, dummies.get(`${a}:${b}`)!], bo: bond.bo });
      bonds.push({ atoms: [b, dummies.get(`${b}:${a}`)!], bo: bond.bo });
    } else if (bond.stereoAtoms) {
      const [u, v] = bond.atoms;
      const stand = (s: number) => dummies.get(`${u}:${s}`) ?? dummies.get(`${v}:${s}`) ?? s;
      bonds.push({ ...bond, stereoAtoms: [stand(bond.stereoAtoms[0]), stand(bond.stereoAtoms[1])] });
    } else bonds.push(bond);
  });
  return { atoms, bonds };
}
