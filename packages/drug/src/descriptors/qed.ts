import {
  atomRequirements,
  satisfies,
  smilesAtomCounts,
  type AtomCounts,
} from '../filters/atom-requirements.js';
import { molGraph, type MolGraph } from '../rdkit/mol-graph.js';
import { substructMatches, type RDKit, type RDKitMol } from '../rdkit/rdkit.js';
import { descriptorsOf, type Descriptors } from './descriptors.js';
import { QED_ACCEPTORS, QED_ADS, QED_ALERTS, QED_WEIGHTS } from './qed-tables.js';

/** The eight properties QED maps to desirabilities. */
export interface QedProperties {
  readonly MW: number;
  readonly ALOGP: number;
  readonly HBA: number;
  readonly HBD: number;
  readonly PSA: number;
  readonly ROTB: number;
  readonly AROM: number;
  readonly ALERTS: number;
}

type Weights = Readonly<Record<keyof QedProperties, number>>;

/** The asymmetric double sigmoid of one property, scaled to a desirability in (0, 1]. */
function ads(x: number, p: (typeof QED_ADS)[keyof typeof QED_ADS]): number {
  const exp1 = 1 + Math.exp((-1 * (x - p.C + p.D / 2)) / p.E);
  const exp2 = 1 + Math.exp((-1 * (x - p.C - p.D / 2)) / p.F);
  return (p.A + (p.B / exp1) * (1 - 1 / exp2)) / p.DMAX;
}

/** QED from its properties: the weighted geometric mean of their desirabilities. */
export function qedFromProperties(p: QedProperties, weights: Weights = QED_WEIGHTS): number {
  let sum = 0;
  let total = 0;
  for (const k of Object.keys(QED_ADS) as (keyof QedProperties)[]) {
    sum += weights[k] * Math.log(ads(p[k], QED_ADS[k]));
    total += weights[k];
  }
  return Math.exp(sum / total);
}

/**
 * QED, the quantitative estimate of drug-likeness (Bickerton et al. 2012), computed as RDKit's
 * `QED.qed` does: the same properties (acceptors by SMARTS, strict rotatable bonds, aromatic rings as
 * the ring count left after deleting aliphatic ring atoms, the 116 structural alerts) and mean weights.
 * Holds compiled queries: `dispose()` it.
 *
 * @example
 * ```ts
 * const qed = new Qed(rdkit);
 * rdkit.withMol('CC(=O)Oc1ccccc1C(=O)O', (mol) => qed.score(mol)); // 0.550
 * qed.dispose();
 * ```
 */
export class Qed {
  private readonly acceptors: { query: RDKitMol; need: AtomCounts }[] = [];
  private readonly alerts: { query: RDKitMol; need: AtomCounts }[] = [];
  private readonly aliphaticRings: RDKitMol;

  constructor(rdkit: RDKit) {
    try {
      for (const s of QED_ACCEPTORS)
        this.acceptors.push({ query: rdkit.compileQuery(s), need: atomRequirements(s) });
      for (const s of QED_ALERTS)
        this.alerts.push({ query: rdkit.compileQuery(s), need: atomRequirements(s) });
      this.aliphaticRings = rdkit.compileQuery('[$([A;R][!a])]');
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /**
   * The eight QED properties of a molecule (pass its descriptors and atom counts if you have them:
   * patterns that need atoms the molecule lacks are not matched).
   */
  properties(
    mol: RDKitMol,
    descriptors: Descriptors = descriptorsOf(mol),
    have: AtomCounts = smilesAtomCounts(mol.get_smiles()),
    graph: MolGraph = molGraph(mol),
  ): QedProperties {
    let hba = 0;
    for (const a of this.acceptors) if (satisfies(have, a.need)) hba += substructMatches(mol, a.query).length;
    let alerts = 0;
    for (const a of this.alerts)
      if (satisfies(have, a.need) && mol.get_substruct_match(a.query) !== '{}') alerts++;
    return {
      MW: descriptors.amw,
      ALOGP: descriptors.CrippenClogP,
      HBA: hba,
      HBD: descriptors.NumHBD,
      PSA: descriptors.tpsa,
      ROTB: descriptors.NumRotatableBonds,
      AROM: this.aromaticRings(mol, graph),
      ALERTS: alerts,
    };
  }

  /** QED of a molecule, in (0, 1]. */
  score(mol: RDKitMol, descriptors?: Descriptors, have?: AtomCounts, graph?: MolGraph): number {
    return qedFromProperties(this.properties(mol, descriptors, have, graph));
  }

  /** Releases the compiled queries. */
  dispose(): void {
    for (const a of [...this.acceptors.splice(0), ...this.alerts.splice(0)]) a.query.delete();
    (this.aliphaticRings as RDKitMol | undefined)?.delete();
  }

  /**
   * Rings left once aliphatic ring atoms bonded to a non-aromatic atom are deleted: the size of the
   * smallest set of smallest rings of what remains, which is its cyclomatic number E - V + components.
   */
  private aromaticRings(mol: RDKitMol, graph: MolGraph): number {
    const deleted = new Set<number>();
    for (const atoms of substructMatches(mol, this.aliphaticRings)) for (const a of atoms) deleted.add(a);
    const g = graph.molecules[0]!;
    const n = g.atoms.length;
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
      return x;
    };
    let edges = 0;
    for (const b of g.bonds ?? []) {
      const [u, v] = b.atoms;
      if (deleted.has(u) || deleted.has(v)) continue;
      edges++;
      parent[find(u)] = find(v);
    }
    let components = 0;
    for (let i = 0; i < n; i++) if (!deleted.has(i) && find(i) === i) components++;
    return edges - (n - deleted.size) + components;
  }
}
