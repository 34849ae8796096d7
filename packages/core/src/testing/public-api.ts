// The declarations of a package's public entries, made by the TypeScript compiler from the sources
// (no build needed), for snapshot tests: a changed public signature shows in review.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type TS from 'typescript';
import { InvalidArgumentError, StrataError } from '../errors.js';

// Loaded on first use, so that tests importing `@strata/core/testing` for other fixtures do not load
// the compiler.
let ts: typeof TS;

/** What a workspace package.json says about its entries. */
interface PackageJson {
  readonly name: string;
  readonly types?: string;
  readonly exports?: Readonly<Record<string, string | { readonly types?: string }>>;
}

/**
 * Each entry of the package in `packageDir` (by its import specifier, e.g. `@strata/core/node`) with
 * the declarations it exports, in name order: what `tsc` would emit into `.d.ts` files for each
 * exported name, without comments. Sibling workspace packages are read from their sources too.
 *
 * @example
 * ```ts
 * const entries = await publicDeclarations(new URL('..', import.meta.url), ['@strata/core', '@strata/core/node']);
 * for (const [entry, text] of Object.entries(entries)) expect(text).toMatchSnapshot(entry);
 * ```
 */
export async function publicDeclarations(
  packageDir: string | URL,
  entries?: readonly string[],
): Promise<Record<string, string>> {
  ts ??= (await import('typescript')).default;
  const dir = typeof packageDir === 'string' ? resolve(packageDir) : fileURLToPath(packageDir);
  const sources = workspaceSources(workspaceRoot(dir));
  const own = entrySources(dir);
  const wanted = entries ?? Object.keys(own);
  const missing = wanted.filter((e) => !own[e]);
  if (missing.length)
    throw new InvalidArgumentError(
      'entries',
      `entries ${missing.join(', ')} are not exports of ${dir}; it has ${Object.keys(own).join(', ')}`,
      { value: missing },
    );
  const program = ts.createProgram({
    rootNames: wanted.map((e) => own[e]!),
    options: compilerOptions(dir, sources),
  });
  const emitted = new DeclarationFiles(program);
  return Object.fromEntries(wanted.map((e) => [e, emitted.entry(own[e]!)]));
}

/** The directory holding `pnpm-workspace.yaml`, at or above `dir`. */
function workspaceRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'pnpm-workspace.yaml'))) return at;
    if (dirname(at) === at)
      throw new InvalidArgumentError('packageDir', `${dir} is not inside a pnpm workspace`, { value: dir });
  }
}

/** Every workspace package's entries, by specifier, as their source files. */
function workspaceSources(root: string): Record<string, string> {
  const dirs = ['packages', 'apps'].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(root, group, d)) : [],
  );
  const packages = dirs.filter((d) => existsSync(join(d, 'package.json')));
  return Object.fromEntries(packages.flatMap((d) => Object.entries(entrySources(d))));
}

/** One package's entries, by specifier, as source files (`./dist/x.d.ts` is built from `src/x.ts`). */
function entrySources(dir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const exports: NonNullable<PackageJson['exports']> = pkg.exports ?? { '.': pkg.types ?? '' };
  const typesOf = Object.entries(exports).map(([sub, target]): [string, string | undefined] => [
    sub,
    typeof target === 'string' ? target : target.types,
  ]);
  const out: Record<string, string> = {};
  for (const [sub, types] of typesOf) {
    if (!types?.startsWith('./dist/')) continue;
    const stem = join(dir, 'src', types.slice('./dist/'.length).replace(/\.(d\.ts|js)$/, ''));
    const source = ['.ts', '.tsx', '.js'].map((ext) => stem + ext).find((f) => existsSync(f));
    if (source) out[sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`] = source;
  }
  return out;
}

/** The package's own compiler options, set to emit declarations only and to import siblings from source. */
function compilerOptions(dir: string, sources: Record<string, string>): TS.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new InvalidArgumentError('packageDir', ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed)
    throw new InvalidArgumentError('packageDir', `cannot read ${join(dir, 'tsconfig.json')}`, { value: dir });
  const { rootDir: _rootDir, tsBuildInfoFile: _info, ...options } = parsed.options;
  return {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    composite: false,
    incremental: false,
    // Declarations need the types of exported names only: skipping the full check keeps this fast.
    noCheck: true,
    paths: Object.fromEntries(Object.entries(sources).map(([spec, file]) => [spec, [file]])),
  };
}

/** Emits declaration files one source file at a time, as they are asked for. */
class DeclarationFiles {
  private readonly checker: TS.TypeChecker;
  private readonly files = new Map<string, TS.SourceFile>();
  private readonly printer: TS.Printer = ts.createPrinter({ removeComments: true });

  constructor(private readonly program: TS.Program) {
    this.checker = program.getTypeChecker();
  }

  /** The declarations of every name the entry exports, each under a `// name` heading. */
  entry(file: string): string {
    const source = this.program.getSourceFile(file);
    const entry = source && this.checker.getSymbolAtLocation(source);
    if (!entry) throw new StrataError('DECLARATION_MISSING', `${file} is not a module`);
    const exports = this.checker.getExportsOfModule(entry).sort((a, b) => a.name.localeCompare(b.name));
    return exports.map((s) => `// ${s.name}\n${this.declarationsOf(s)}`).join('\n\n') + '\n';
  }

  private declarationsOf(exported: TS.Symbol): string {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
    const printed = new Set<string>();
    for (const decl of symbol.declarations ?? []) {
      const dts = this.declarationFile(decl.getSourceFile());
      for (const statement of dts.statements.filter((s) => declares(s, symbol.name)))
        printed.add(this.printer.printNode(ts.EmitHint.Unspecified, withoutPrivates(statement), dts));
    }
    if (!printed.size)
      throw new StrataError(
        'DECLARATION_MISSING',
        `no declaration of the export "${exported.name}" was emitted`,
      );
    return [...printed].join('\n');
  }

  private declarationFile(source: TS.SourceFile): TS.SourceFile {
    let dts = this.files.get(source.fileName);
    if (!dts) {
      let text = '';
      this.program.emit(source, (name, data) => name.endsWith('.d.ts') && (text = data), undefined, true);
      dts = ts.createSourceFile(`${source.fileName}.d.ts`, text, ts.ScriptTarget.Latest, true);
      this.files.set(source.fileName, dts);
    }
    return dts;
  }
}

/** Whether a top-level statement of a declaration file declares `name`. */
function declares(statement: TS.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.some(
      (d) => ts.isIdentifier(d.name) && d.name.text === name,
    );
  const named = statement as TS.Statement & { readonly name?: TS.Node };
  return (
    (ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)) &&
    named.name !== undefined &&
    ts.isIdentifier(named.name) &&
    named.name.text === name
  );
}

/**
 * A class without its private fields and methods, which users cannot reach (a private constructor
 * stays: it says the class is not for `new`), so that refactoring internals leaves the snapshot alone.
 */
function withoutPrivates(statement: TS.Statement): TS.Statement {
  if (!ts.isClassDeclaration(statement)) return statement;
  const hidden = (m: TS.ClassElement) =>
    !ts.isConstructorDeclaration(m) &&
    ((m.name !== undefined && ts.isPrivateIdentifier(m.name)) ||
      (ts.canHaveModifiers(m) &&
        (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)));
  return ts.factory.updateClassDeclaration(
    statement,
    statement.modifiers,
    statement.name,
    statement.typeParameters,
    statement.heritageClauses,
    statement.members.filter((m) => !hidden(m)),
  );
}
