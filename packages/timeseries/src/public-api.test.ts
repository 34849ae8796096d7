// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/timeseries', () => {
  it.each([
    ['@strata/timeseries', () => import('./index.js')],
    ['@strata/timeseries/node', () => import('./node.js')],
  ])('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
