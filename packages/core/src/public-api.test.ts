// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from './testing/public-api-suite.js';

describePublicApi('@strata/core', new URL('..', import.meta.url), [
  ['@strata/core', () => import('./index.js')],
  ['@strata/core/node', () => import('./node.js')],
  ['@strata/core/testing', () => import('./testing/index.js')],
]);
