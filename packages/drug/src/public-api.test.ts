// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { publicDeclarations } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';

const entries = [
  ['@strata/drug', () => import('./index.js')],
  ['@strata/drug/node', () => import('./node.js')],
] as const;

describe('public API of @strata/drug', () => {
  it.each(entries)('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });

  it('declares each export with its type', async () => {
    const declared = await publicDeclarations(
      new URL('..', import.meta.url),
      entries.map(([name]) => name),
    );
    for (const [entry, text] of Object.entries(declared)) expect(text).toMatchSnapshot(entry);
  });
});
