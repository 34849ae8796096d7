// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/weather', () => {
  it.each([
    ['@strata/weather', () => import('./index.js')],
    ['@strata/weather/node', () => import('./node.js')],
  ])('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
