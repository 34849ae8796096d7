import { describe, expect, it } from 'vitest';
import { publicDeclarations } from './public-api.js';

/** One entry of a package: its name and how to load its module. */
export type PublicEntry = readonly [name: string, load: () => Promise<object>];

/**
 * The public-API test of a package: for each entry a snapshot of its export names, and a snapshot of
 * every export's declaration (see {@link publicDeclarations}), so a change users see is made on purpose.
 *
 * @example
 * ```ts
 * // packages/drug/src/public-api.test.ts
 * describePublicApi('@strata/drug', new URL('..', import.meta.url), [
 *   ['@strata/drug', () => import('./index.js')],
 *   ['@strata/drug/node', () => import('./node.js')],
 * ]);
 * ```
 */
export function describePublicApi(pkg: string, packageDir: URL, entries: readonly PublicEntry[]): void {
  describe(`public API of ${pkg}`, () => {
    it.each(entries)('%s exports', async (_name, load) => {
      expect(Object.keys(await load()).sort()).toMatchSnapshot();
    });

    it('declares each export with its type', async () => {
      const declared = await publicDeclarations(
        packageDir,
        entries.map(([name]) => name),
      );
      for (const [entry, text] of Object.entries(declared)) expect(text).toMatchSnapshot(entry);
    });
  });
}
