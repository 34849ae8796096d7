// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from '@strata/core/testing';

describePublicApi('@strata/service', new URL('..', import.meta.url), [
  ['@strata/service', () => import('./index.js')],
  ['@strata/service/testing', () => import('./testing/index.js')],
]);
