import { defineJob } from '@strata/jobs';

/** The smallest useful job: adds one. Measures the queue, not the work. */
export default defineJob<{ n: number }, null, { n: number }>({
  async run(ctx) {
    ctx.progress(1, 1);
    return { n: ctx.input.n + 1 };
  },
});
