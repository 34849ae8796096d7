// DESIGN.md: one worker pool. Threads are started in one place (the core's pool), and only the pool's
// thread runtime loads TypeScript sources in a thread; everything else runs its threads through it.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return ['node_modules', 'dist'].includes(e.name) ? [] : sources(path);
      return /\.(ts|js|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/** Source files of packages/ and apps/ (tests left out) whose text matches `pattern`. */
async function filesMatching(pattern: RegExp): Promise<string[]> {
  const files = [...(await sources(join(root, 'packages'))), ...(await sources(join(root, 'apps')))];
  const hits = await Promise.all(
    files.map(async (f) => (pattern.test(await readFile(f, 'utf8')) ? f : null)),
  );
  return hits.filter((f): f is string => f !== null).map((f) => relative(root, f).replace(/\\/g, '/'));
}

describe('one worker pool', () => {
  it('starts every worker thread in one file of the core', async () => {
    expect(await filesMatching(/new Worker\(/)).toEqual(['packages/core/src/threads/pool-thread.ts']);
  });

  it('registers the TypeScript loader for threads in one place', async () => {
    expect(await filesMatching(/tsx\/esm\/api/)).toEqual(['packages/core/src/threads/thread-runtime.js']);
  });
});
