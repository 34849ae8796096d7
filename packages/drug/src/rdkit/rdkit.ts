// The one module that uses RDKit: it makes every molecule's lifetime explicit (WASM memory is never
// garbage collected), refuses molecules past the size RDKit's WebAssembly build survives, turns
// RDKit's C++ exceptions, which are not JavaScript Errors, into DrugErrors, and replaces an instance
// that wore out or broke (see wasm-instance.ts, which loads the module).
import type { Mol } from '@rdkit/rdkit';
import { DrugError } from '../errors.js';
import {
  MOLECULE_LIMITS,
  moleculeSize,
  over,
  sizeProblem,
  type MoleculeLimits,
  type SizeProblem,
} from './molecule-limits.js';
import { currentInstance, rdkitFailureKind, replaceInstance, type WasmInstance } from './wasm-instance.js';

/** An RDKit molecule (a `JSMol`); valid only inside the callback that received it. */
export type RDKitMol = Mol;

/** Options of {@link RDKit.load}. */
export interface RDKitOptions {
  /**
   * RDKit C++ exceptions tolerated before the instance is replaced: each one leaks and, after about a
   * thousand, corrupts the WebAssembly instance. @defaultValue `200`
   */
  readonly maxExceptions?: number;
  /**
   * Molecules parsed before the instance is replaced, to bound a leak that grows with molecules. None
   * shows in a screening: RDKit's heap stays at its initial 16 MiB over 250,000 distinct molecules,
   * failed parses included. A renewal is not free: it reruns RDKit's start-up code, and once a process
   * has started RDKit three or four times, V8 optimises that 600 KB function, which takes about 150 MiB
   * that the process keeps. So by default only C++ exceptions renew. @defaultValue `Infinity`
   */
  readonly maxMolecules?: number;
  /**
   * The largest molecules given to RDKit (see {@link MoleculeLimits}); a bigger one is
   * `MOLECULE_TOO_LARGE`. Raising them past the defaults risks traps. @defaultValue {@link MOLECULE_LIMITS}
   */
  readonly limits?: MoleculeLimits;
}

/**
 * RDKit for this thread: parse molecules and SMARTS with guaranteed `delete()`, refuse molecules too
 * big for RDKit's WebAssembly build, and replace the instance when C++ exceptions wear it out or a trap
 * breaks it. A call that traps throws `MOLECULE_UNSUPPORTED` naming its input; the instance is dropped
 * (every object it made is fenced off) and the next call after {@link RDKit.renew} (or inside
 * {@link RDKit.use}) runs on a fresh one.
 *
 * @example
 * ```ts
 * const rdkit = await RDKit.load();
 * const smiles = rdkit.withMol('OCC', (mol) => mol.get_smiles()); // 'CCO', or null if invalid
 * const svg = await rdkit.use((r) => r.withMol('c1ccccc1', (mol) => mol.get_svg())); // renewed first if broken
 * ```
 */
export class RDKit {
  /** C++ exceptions and molecules of this wrapper's calls since it last renewed: what wears an instance. */
  private exceptions = 0;
  private molecules = 0;
  private readonly options: Required<Omit<RDKitOptions, 'limits'>> & {
    limits: Required<MoleculeLimits>;
  };

  private constructor(
    private instance: WasmInstance,
    options: RDKitOptions,
  ) {
    this.options = {
      maxExceptions: options.maxExceptions ?? 200,
      maxMolecules: options.maxMolecules ?? Infinity,
      limits: { ...MOLECULE_LIMITS, ...options.limits },
    };
  }

  /** Loads RDKit (the WebAssembly module is started once per thread and shared). */
  static async load(options: RDKitOptions = {}): Promise<RDKit> {
    return new RDKit(await currentInstance(), options);
  }

  /** RDKit's version, e.g. `2026.09.1`: record it beside results, as values change between versions. */
  get version(): string {
    return this.live().module.version();
  }

  /** The molecule limits this RDKit holds molecules (and SMARTS) to. */
  get limits(): Readonly<Required<MoleculeLimits>> {
    return this.options.limits;
  }

  /**
   * Parses a SMILES or a molblock and passes the molecule to `fn`, deleting it afterwards whatever
   * happens. Returns null when RDKit cannot parse the input. A molecule over the limits is
   * `MOLECULE_TOO_LARGE` (RDKit never sees it), a trap `MOLECULE_UNSUPPORTED`, another RDKit exception
   * `RDKIT_FAILED`.
   */
  withMol<T>(input: string, fn: (mol: RDKitMol) => T, details?: Readonly<Record<string, unknown>>): T | null {
    // RDKit throws a C++ exception on an empty input (each one wears the instance): nothing to parse.
    if (!input.trim()) return null;
    const instance = this.live();
    const size = moleculeSize(input);
    const problem = sizeProblem(size, this.options.limits);
    if (problem) throw tooLarge(input, problem);
    this.molecules++;
    const { module } = instance;
    const mol = this.guard(input, () =>
      details ? module.get_mol(input, JSON.stringify(details)) : module.get_mol(input),
    );
    if (!mol) return null;
    try {
      if (!this.guard(input, () => mol.is_valid())) return null;
      // Inputs the text could not be counted from are checked once parsed.
      if (size.format === 'other') this.checkParsed(input, mol);
      return this.guard(input, () => fn(mol));
    } finally {
      // A broken instance's objects are fenced: its memory goes with it, nothing to free.
      if (!instance.broken) mol.delete();
    }
  }

  /**
   * Compiles SMARTS queries that outlive one call (filters, library searches). The caller owns them and
   * must `delete()` each; throws `INVALID_SMARTS` naming the first that does not compile, and
   * `MOLECULE_TOO_LARGE` for one past the molecule limits (a query is parsed as a molecule is).
   */
  compileQuery(smarts: string): RDKitMol {
    const { module } = this.live();
    const problem = sizeProblem(moleculeSize(smarts), this.options.limits);
    if (problem) throw tooLarge(smarts, problem);
    const query = this.guard(smarts, () => module.get_qmol(smarts));
    if (!query?.is_valid()) {
      query?.delete();
      throw new DrugError('INVALID_SMARTS', `RDKit cannot compile the SMARTS "${smarts}"`, {
        context: { input: smarts },
      });
    }
    return query;
  }

  /** InChIKey of an InChI string. */
  inchiKey(inchi: string): string {
    const { module } = this.live();
    return this.guard(inchi, () => module.get_inchikey_for_inchi(inchi));
  }

  /**
   * Whether the instance should be replaced before the next call: it broke (a trap), or has seen
   * enough exceptions or molecules.
   */
  get worn(): boolean {
    return (
      this.broken ||
      this.exceptions >= this.options.maxExceptions ||
      this.molecules >= this.options.maxMolecules
    );
  }

  /** Whether a trap broke the instance: every call is refused until {@link renew}. */
  get broken(): boolean {
    return this.instance.broken !== undefined;
  }

  /**
   * Replaces a worn or broken instance with a fresh one (call between molecules, where nothing is
   * held). Molecules and queries from a worn instance must have been deleted; those of a broken one are
   * fenced and dropped with it. Compiled queries must be compiled again. Returns whether it did.
   */
  async renew(): Promise<boolean> {
    if (!this.worn) return false;
    this.instance = await replaceInstance(this.instance);
    this.exceptions = 0;
    this.molecules = 0;
    return true;
  }

  /**
   * Runs `fn` on a sound instance: renews a worn or broken one first, checked in the same turn as the
   * call so that a trap of another caller in between cannot leave `fn` on a broken instance.
   */
  async use<T>(fn: (rdkit: this) => T): Promise<T> {
    while (this.worn) await this.renew();
    return fn(this);
  }

  /** The instance, or RDKIT_FAILED where it broke and nobody renewed it yet. */
  private live(): WasmInstance {
    const { instance } = this;
    if (instance.broken !== undefined)
      throw new DrugError(
        'RDKIT_FAILED',
        `RDKit's instance broke (${instance.broken}): renew() it (or call through use()) before the next call`,
        { context: {} },
      );
    return instance;
  }

  /** Refuses a parsed molecule over the limits (the text could not be counted). */
  private checkParsed(input: string, mol: RDKitMol): void {
    const max = this.options.limits;
    const [atoms, bonds] = this.guard(input, () => [mol.get_num_atoms(), mol.get_num_bonds()]);
    // At least bonds − atoms + 1 rings (more where there are several fragments).
    if (atoms > max.maxAtoms)
      throw tooLarge(input, over('the molecule has', atoms, 'atoms (hydrogens included)', max, 'maxAtoms'));
    if (bonds - atoms + 1 > max.maxRings)
      throw tooLarge(input, over('the molecule has', bonds - atoms + 1, 'rings', max, 'maxRings'));
  }

  private guard<T>(input: string, f: () => T): T {
    const { instance } = this;
    try {
      return f();
    } catch (err) {
      const kind = rdkitFailureKind(err);
      if (!kind) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      if (kind === 'trap') {
        instance.breakDown(detail);
        throw new DrugError(
          'MOLECULE_UNSUPPORTED',
          `RDKit cannot process ${quoted(input)}: its WebAssembly instance failed on it (${detail}); the next call gets a fresh instance`,
          { context: { input }, cause: err },
        );
      }
      if (kind === 'exception') this.exceptions++;
      throw new DrugError(
        'RDKIT_FAILED',
        `RDKit failed on ${quoted(input)}${err instanceof Error ? `: ${detail}` : ''}`,
        { context: { input }, cause: err },
      );
    }
  }
}

/** An input as an error message shows it: quoted, and cut after 80 characters. */
const quoted = (input: string) => `"${input.length > 80 ? `${input.slice(0, 77)}...` : input}"`;

function tooLarge(input: string, problem: SizeProblem): DrugError {
  return new DrugError('MOLECULE_TOO_LARGE', `RDKit was not given ${quoted(input)}: ${problem.message}`, {
    context: { input, limit: problem.limit, value: problem.value },
  });
}

/** Atom indices of each (unique) match of `query` in `mol`; none is an empty list. */
export function substructMatches(mol: RDKitMol, query: RDKitMol): number[][] {
  const found = JSON.parse(mol.get_substruct_matches(query)) as { atoms: number[] }[] | Record<string, never>;
  return Array.isArray(found) ? found.map((m) => m.atoms) : [];
}
