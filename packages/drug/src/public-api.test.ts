// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/drug', () => {
  it.each([
    ['@strata/drug', () => import('./index.js')],
    ['@strata/drug/node', () => import('./node.js')],
  ])('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
