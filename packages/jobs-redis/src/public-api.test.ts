// The public surface of the package: a change here is a change users see, so it is made on purpose.
import { describe, expect, it } from 'vitest';

describe('public API of @strata/jobs-redis', () => {
  it('exports', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toMatchSnapshot();
  });
});
