// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from '@strata/core/testing';

describePublicApi('@strata/timeseries', new URL('..', import.meta.url), [
  ['@strata/timeseries', () => import('./index.js')],
  ['@strata/timeseries/node', () => import('./node.js')],
]);
