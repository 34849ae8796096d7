// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/core', () => {
  it.each([
    ['@strata/core', () => import('./index.js')],
    ['@strata/core/node', () => import('./node.js')],
    ['@strata/core/testing', () => import('./testing/index.js')],
  ])('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
