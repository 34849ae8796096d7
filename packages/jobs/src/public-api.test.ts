// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/jobs', () => {
  it.each([
    ['@strata/jobs', () => import('./index.js')],
    ['@strata/jobs/embedded', () => import('./embedded.js')],
    ['@strata/jobs/redis', () => import('./redis.js')],
    ['@strata/jobs/testing', () => import('./testing/index.js')],
  ])('%s exports', async (_name, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
