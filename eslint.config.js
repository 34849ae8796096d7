// Lint rules, including the layering of DESIGN.md: each heavy or environment-bound dependency is
// confined to its one place, so that layers cannot leak into each other by accident.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Dependencies confined to one place each: importing them anywhere else is a lint error. */
const confined = [
  {
    names: ['onnxruntime-node', 'onnxruntime-common'],
    home: ['packages/core/src/onnx/**'],
    why: 'only the ONNX backend of @strata/core talks to ONNX Runtime',
  },
  {
    names: ['@rdkit/rdkit'],
    home: ['packages/drug/src/rdkit/**'],
    why: 'only the RDKit module of @strata/drug loads RDKit',
  },
  {
    names: ['h5wasm'],
    home: ['packages/weather/src/sources/**'],
    why: 'only the NetCDF sources of @strata/weather read NetCDF',
  },
  {
    names: ['bullmq', 'ioredis'],
    home: ['packages/jobs/src/redis/**', 'packages/jobs/src/testing/redis-harness.ts'],
    why: 'only the Redis queue of @strata/jobs talks to Redis (the scale-out job queue)',
  },
  {
    names: ['express'],
    home: ['packages/service/**', 'apps/**'],
    why: 'HTTP lives in @strata/service and the apps',
  },
];
/** The domain packages (L1): each knows the core, none knows another. */
const domainNames = ['weather', 'drug', 'timeseries'];

/** The core knows nothing of domains or HTTP. */
const coreOnly = {
  group: ['@strata/*', '!@strata/core', '!@strata/core/*'],
  message: 'the core knows nothing of domains or HTTP',
};
/** Domains know nothing of HTTP. */
const noHttp = {
  group: ['@strata/service', '@strata/service/*'],
  message: 'domains know nothing of HTTP; the apps wire them to it',
};
/** Domains know nothing of each other: an app (or the gateway) combines them. */
const otherDomains = (domain) => ({
  group: domainNames.filter((d) => d !== domain).flatMap((d) => [`@strata/${d}`, `@strata/${d}/*`]),
  message: 'a domain package knows nothing of the other domains; an app combines them',
});
/** The patterns of the files of one domain package. */
const domainPatterns = (domain) => [noHttp, otherDomains(domain)];
/**
 * Another package is reached by its name, never by a relative path out of this one. Patterns see the
 * import text, not where it leads: three levels up leaves any package's `src/<dir>/`, and two levels
 * up into a `src/` or `dist/` is `packages/<p>/src/x.ts` reaching into a sibling package (inside a
 * package, `src/a/b/x.ts` importing `../../index.js` stays home and is allowed).
 */
const noClimbing = {
  group: ['../../../*', '../../*/src/**', '../../*/dist/**'],
  message: 'import other packages by name (@strata/...), not by a relative path',
};
const envMessage = "read the environment only in an app's config.ts";

/** The import rules for files whose home is `allowed` (none by default), with `extraPatterns`. */
function restrictImports(allowed, extraPatterns = []) {
  const banned = confined.filter((c) => c !== allowed);
  const escape = (name) => name.replace(/[/.-]/g, (ch) => `\\${ch}`);
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          ...banned.flatMap((c) => c.names.map((name) => ({ name, message: c.why }))),
          ...['process', 'node:process'].map((name) => ({ name, importNames: ['env'], message: envMessage })),
        ],
        patterns: [
          ...banned.map((c) => ({ group: c.names.map((n) => `${n}/*`), message: c.why })),
          noClimbing,
          ...extraPatterns,
        ],
      },
    ],
    // The same dependencies through import(): a dynamic import is no way around the layering.
    'no-restricted-syntax': [
      'error',
      ...banned.flatMap((c) =>
        c.names.map((n) => ({
          selector: `ImportExpression > Literal[value=/^${escape(n)}(\\/|$)/]`,
          message: c.why,
        })),
      ),
    ],
  };
}

/** The extra patterns of files under `home`. */
function extrasFor(home) {
  if (home.startsWith('packages/core/')) return [coreOnly];
  const domain = domainNames.find((d) => home.startsWith(`packages/${d}/`));
  return domain ? domainPatterns(domain) : [];
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'scripts/*.mjs', 'bench/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
      // Misjudges narrowing of generic indexed types under TypeScript 6 and "fixes" code into type errors.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: envMessage }],
      ...restrictImports(undefined),
    },
  },
  // Later blocks replace the rules for the files they match: each home may import its own dependency.
  { files: ['packages/core/**'], rules: restrictImports(undefined, [coreOnly]) },
  ...domainNames.map((d) => ({
    files: [`packages/${d}/**`],
    rules: restrictImports(undefined, domainPatterns(d)),
  })),
  ...confined.map((c) => ({ files: c.home, rules: restrictImports(c, extrasFor(c.home[0])) })),
  // Benchmarks measure Strata against the raw binding, so they may call it directly.
  { files: ['bench/**'], rules: restrictImports(confined[0]) },
  {
    // The environment is read in one place per app, and by the repository's own tooling and tests.
    files: [
      'apps/*/src/config.ts',
      'scripts/**',
      'bench/**',
      '**/*.test.ts',
      'test/**',
      'packages/*/scripts/**',
      'apps/*/src/testing/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  // Sizes at the levels the code meets today, so that none grows further (DESIGN.md aims lower: files
  // around 300 lines, functions around 40, more than three parameters an options object). Lines are
  // lines of code: TSDoc on every export is house style and must not push a file over.
  {
    files: ['packages/*/src/**/*.{ts,tsx}', 'apps/*/src/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
      'max-params': ['error', { max: 6 }],
    },
  },
  {
    // A test's describe callback holds its whole suite, and an it.each callback takes a table's columns.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines-per-function': 'off', 'max-params': 'off' },
  },
  {
    // Over the function level today; split them, then take them off this list. A contract suite is one
    // describe block of tests; the console pages are single components; the routes builders hold their
    // routes; autoArima and fitArima follow R's forecast package step by step.
    files: [
      'packages/jobs/src/testing/job-queue-contract.ts',
      'packages/timeseries/src/models/arima/auto-arima.ts',
      'packages/timeseries/src/models/arima/arima-fit.ts',
      'apps/console/src/pages/timeseries.tsx',
      'apps/console/src/pages/weather-field.tsx',
      'apps/console/src/pages/drug.tsx',
      'apps/console/src/pages/weather.tsx',
      'apps/weather-api/src/read-routes.ts',
    ],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // STL's loess helpers keep the argument lists of the routines of R's stl they follow.
    files: ['packages/timeseries/src/stats/stl.ts'],
    rules: { 'max-params': 'off' },
  },
  {
    // HTTP tests read JSON answers (supertest's body, fetch's json()), which are untyped by nature;
    // the assertions on them are the type check.
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
