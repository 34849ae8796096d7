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
    names: ['netcdfjs', 'h5wasm'],
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
const domains = ['packages/weather/**', 'packages/drug/**', 'packages/timeseries/**'];

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
/** Another package is reached by its name, never by a relative path out of this one. */
const noClimbing = {
  group: ['../../../*'],
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
const extrasFor = (home) =>
  home.startsWith('packages/core/')
    ? [coreOnly]
    : domains.some((d) => home.startsWith(d.slice(0, -2)))
      ? [noHttp]
      : [];

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
  { files: domains, rules: restrictImports(undefined, [noHttp]) },
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
    ],
    rules: { 'no-restricted-properties': 'off' },
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
