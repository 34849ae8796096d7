import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));
const apps = fileURLToPath(new URL('./apps/', import.meta.url));
const models = fileURLToPath(new URL('./models/', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of every workspace package, never a stale build.
    alias: [
      { find: /^@strata\/([a-z]+-api)$/, replacement: `${apps}$1/src/index.ts` },
      // The bundled models are a package at the repository's root, not one under packages/.
      { find: /^@strata\/models$/, replacement: `${models}index.ts` },
      { find: /^@strata\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@strata\/([a-z-]+)\/node$/, replacement: `${packages}$1/src/node.ts` },
      { find: /^@strata\/([a-z-]+)\/testing$/, replacement: `${packages}$1/src/testing/index.ts` },
      { find: /^@strata\/jobs\/(embedded|redis)$/, replacement: `${packages}jobs/src/$1.ts` },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'test/**/*.test.ts',
      'models/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // Native sessions and worker threads: forked processes isolate them best.
    pool: 'forks',
    // A Redis server for the Redis job queue's tests.
    globalSetup: ['test/redis-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
