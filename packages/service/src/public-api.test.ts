// The public surface of the package: a change here is a change users see, so it is made on purpose.
import { publicDeclarations } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';

describe('public API of @strata/service', () => {
  it('exports', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toMatchSnapshot();
  });

  it('declares each export with its type', async () => {
    const declared = await publicDeclarations(new URL('..', import.meta.url));
    expect(declared['@strata/service']).toMatchSnapshot();
  });
});
