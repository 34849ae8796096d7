// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from '@strata/core/testing';

describePublicApi('@strata/jobs', new URL('..', import.meta.url), [
  ['@strata/jobs', () => import('./index.js')],
  ['@strata/jobs/embedded', () => import('./embedded.js')],
  ['@strata/jobs/redis', () => import('./redis.js')],
  ['@strata/jobs/testing', () => import('./testing/index.js')],
]);
