// The public surface of each entry point: a change here is a change users see, so it is made on purpose.
import { describePublicApi } from '@strata/core/testing';

describePublicApi('@strata/weather', new URL('..', import.meta.url), [
  ['@strata/weather', () => import('./index.js')],
  ['@strata/weather/node', () => import('./node.js')],
]);
