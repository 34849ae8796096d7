import { defineJob } from '../types.js';

/**
 * A handler that returns at once but leaves a timer behind that reports progress, saves a checkpoint
 * and drops a rejected promise: what it does after its attempt ended must change nothing.
 */
export default defineJob<{ delayMs: number }, { late: boolean }, { ok: boolean }>({
  async run(ctx) {
    setTimeout(() => {
      ctx.progress(99, 100);
      void ctx.saveCheckpoint({ late: true });
      void Promise.reject(new Error('left behind by a finished job'));
    }, ctx.input.delayMs);
    return { ok: true };
  },
});
