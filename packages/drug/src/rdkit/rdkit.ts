// The one module that imports @rdkit/rdkit: it loads the WebAssembly module once per thread, makes every
// molecule's lifetime explicit (WASM memory is never garbage collected) and turns RDKit's C++ exceptions,
// which are not JavaScript Errors, into DrugErrors.
import rdkitFactory, { type MainModule, type Mol } from '@rdkit/rdkit';
import { DrugError } from '../errors.js';

// The package is CommonJS with an ES-style declaration: at run time the default import is the factory.
const initRDKitModule = rdkitFactory as unknown as () => Promise<MainModule>;

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
}

let shared: Promise<MainModule> | undefined;

/**
 * RDKit for this thread: parse molecules and SMARTS with guaranteed `delete()`, and recycle the
 * WebAssembly instance before leaks or C++ exceptions wear it out.
 *
 * @example
 * ```ts
 * const rdkit = await RDKit.load();
 * const smiles = rdkit.withMol('OCC', (mol) => mol.get_smiles()); // 'CCO', or null if invalid
 * ```
 */
export class RDKit {
  private exceptions = 0;
  private molecules = 0;

  private constructor(
    private module: MainModule,
    private readonly options: Required<RDKitOptions>,
  ) {}

  /** Loads RDKit (the WebAssembly module is compiled once per thread and shared). */
  static async load(options: RDKitOptions = {}): Promise<RDKit> {
    shared ??= initRDKitModule();
    return new RDKit(await shared, { maxExceptions: 200, maxMolecules: Infinity, ...options });
  }

  /** RDKit's version, e.g. `2026.09.1`: record it beside results, as values change between versions. */
  get version(): string {
    return this.module.version();
  }

  /**
   * Parses a SMILES or a molblock and passes the molecule to `fn`, deleting it afterwards whatever
   * happens. Returns null when RDKit cannot parse the input. An RDKit exception becomes a
   * `RDKIT_FAILED` DrugError.
   */
  withMol<T>(input: string, fn: (mol: RDKitMol) => T, details?: Readonly<Record<string, unknown>>): T | null {
    // RDKit throws a C++ exception on an empty input (each one wears the instance): nothing to parse.
    if (!input.trim()) return null;
    this.molecules++;
    const mol = this.guard(input, () =>
      details ? this.module.get_mol(input, JSON.stringify(details)) : this.module.get_mol(input),
    );
    if (!mol) return null;
    try {
      if (!mol.is_valid()) return null;
      return this.guard(input, () => fn(mol));
    } finally {
      mol.delete();
    }
  }

  /**
   * Compiles SMARTS queries that outlive one call (filters, library searches). The caller owns them and
   * must `delete()` each; throws `INVALID_SMARTS` naming the first that does not compile.
   */
  compileQuery(smarts: string): RDKitMol {
    const query = this.guard(smarts, () => this.module.get_qmol(smarts));
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
    return this.guard(inchi, () => this.module.get_inchikey_for_inchi(inchi));
  }

  /** Whether the instance has seen enough exceptions or molecules that it should be replaced. */
  get worn(): boolean {
    return this.exceptions >= this.options.maxExceptions || this.molecules >= this.options.maxMolecules;
  }

  /**
   * Replaces a worn instance with a fresh one (call between molecules, where nothing is held). Molecules
   * and queries from the old instance must have been deleted; compiled queries must be recompiled.
   * Returns whether it did.
   */
  async renew(): Promise<boolean> {
    if (!this.worn) return false;
    shared = initRDKitModule();
    this.module = await shared;
    this.exceptions = 0;
    this.molecules = 0;
    return true;
  }

  private guard<T>(input: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (!isRDKitFailure(err)) throw err;
      this.exceptions++;
      throw new DrugError(
        'RDKIT_FAILED',
        `RDKit failed on "${input.length > 80 ? `${input.slice(0, 77)}...` : input}"${err instanceof Error ? `: ${err.message}` : ''}`,
        { context: { input }, cause: err },
      );
    }
  }
}

/**
 * Whether a throw came from RDKit: a C++ exception (a `WebAssembly.Exception`, not an Error), a trap
 * of the WebAssembly instance (`WebAssembly.RuntimeError`), or an embind binding error. Anything else is a bug of the caller's
 * callback and goes through unchanged.
 */
function isRDKitFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return true;
  return ['RuntimeError', 'BindingError', 'InternalError'].includes(err.name);
}

/** Atom indices of each (unique) match of `query` in `mol`; none is an empty list. */
export function substructMatches(mol: RDKitMol, query: RDKitMol): number[][] {
  const found = JSON.parse(mol.get_substruct_matches(query)) as { atoms: number[] }[] | Record<string, never>;
  return Array.isArray(found) ? found.map((m) => m.atoms) : [];
}
