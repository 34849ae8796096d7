// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from '@strata/core/testing';

describePublicApi('@strata/drug', new URL('..', import.meta.url), [
  ['@strata/drug', () => import('./index.js')],
  ['@strata/drug/node', () => import('./node.js')],
]);
