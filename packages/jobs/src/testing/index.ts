/**
 * `@strata/jobs/testing`: the contract suite every `JobQueue` implementation runs, with its job handlers
 * and the harnesses of the two queues here. Needs vitest.
 *
 * @example
 * ```ts
 * import { runJobQueueContract, type JobQueueHarness } from '@strata/jobs/testing';
 * runJobQueueContract('MyQueue', myHarness, new URL('./my-harness.ts', import.meta.url));
 * ```
 *
 * @packageDocumentation
 */
export { runJobQueueContract, type JobQueueHarness } from './job-queue-contract.js';
export { contractHandlers } from './handlers.js';
export { sumOfSquares, type SumInput } from './sum-of-squares.job.js';
export { testRedisUrl } from './redis-harness.js';
